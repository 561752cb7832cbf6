import threading


def boom():
    raise ValueError("bad thing")


t = threading.Thread(target=boom, name="boomer")
t.start()
t.join()
print("main goes on", t.is_alive())
