# Prints some lines, then dies with an uncaught ZeroDivisionError (exit code 1).
values = [4, 2, 1, 0]
for v in values:
    print("100 //", v, "=", 100 // v)
print("never reached")
