# printf-style % formatting.
print("%d items" % 5)
print("%s and %s" % ("this", "that"))
print("%r" % "quoted", "%r" % 5, "%s" % [1, 2], "%s" % (1,), "%s" % None)
print("%5d|%-5d|%05d|%+d" % (42, 42, 42, 42))
print("%.2f|%8.3f|%-8.1f|%08.2f" % (3.14159, 2.71828, 1.5, -2.5))
print("%x %X %o %#x %#o" % (255, 255, 8, 255, 8))
print("%e %.3e %g %g" % (12345.678, 0.00012, 0.0001, 1e20))
print("%c%c%c" % (72, 105, 33), "%c" % "z")
print("100%%", "%d%%" % 50)
print("%(name)s is %(age)d years" % {"name": "Alice", "age": 30})
print("%10s|%-10s|" % ("right", "left"))
print("%.3s" % "truncate")
print("%s" % 3.0, "%s" % 1e16, "%d" % 3.99, "%d" % -3.99, "%i" % 7)
print("%*d|%-*d|" % (6, 7, 6, 7))
for i, name in enumerate(["a", "bb", "ccc"]):
    print("%2d. %-5s|%3d" % (i + 1, name, len(name) * 10))
print("%s" % "single", "%s %s" % ("a", "b"))
try:
    print("%d %d" % (1,))
except TypeError as e:
    print("TypeError:", e)
try:
    print("%d" % (1, 2))
except TypeError as e:
    print("TypeError:", e)
print("%.0f %.0f %.0f" % (0.5, 1.5, 2.5))
print("%5.1f%%" % 99.55)
