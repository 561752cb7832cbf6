# Carets under source lines with wide characters (CJK, full-width) and other non-ASCII ones:
# CPython 3.11.7 counts the display width of what comes before and inside the span, so the
# carets stay under the characters on a terminal. Each case is printed by the traceback module;
# the last escapes to the interpreter's printer. stderr is compared with python3's.
import traceback, sys

def a(名字):
    return {"键": 1}[名字] + "中文"

def b():
    值 = "值"; return 值 + 1

def c(x):
    return x["ключ"] + 1

def d():
    return "ａｂ" + 1  

def e():
    return int(
        "值")

for f, args in [(a, ("键",)), (a, ("无",)), (b, ()), (c, ({"ключ": "s"},)), (d, ()), (e, ())]:
    try:
        f(*args)
    except Exception:
        traceback.print_exc()
print("值：", a("无"))
