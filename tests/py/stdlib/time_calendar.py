# time's calendar functions and struct_time, on fixed times only: gmtime, strftime, asctime
# of given tuples print the same anywhere; localtime, ctime and mktime depend on the time zone,
# so they are only checked against each other (round trips), never printed.
import copy
import time
from time import struct_time


def attempt(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


def kind(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__)


# struct_time: a tuple of nine with two more fields as attributes only
t0 = time.gmtime(0)
print(t0)
t = time.gmtime(1700000000.5)
print(t, t.tm_zone, t.tm_gmtoff)
print(t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, t.tm_wday, t.tm_yday, t.tm_isdst)
print(len(t), t[0], t[-1], t[:3], t[::2], t[5:2], t[-3:], list(t), tuple(t))
year, month, *rest = t
print(year, month, rest, 2023 in t, t.count(0), t.index(11), sum(t), max(t))
print(t == tuple(t), hash(t) == hash(tuple(t)), t > (2023,), t0 < t, t + (1,), type(t + (1,)).__name__)
print(sorted([time.gmtime(100), t0])[0].tm_sec, {t: "a"}[time.gmtime(1700000000)])
print(type(t) is struct_time, type(t).__name__, type(t).__qualname__, type(t).__module__)
print(repr(struct_time), struct_time.__bases__, isinstance(t, tuple))
print(struct_time.n_fields, struct_time.n_sequence_fields, struct_time.n_unnamed_fields)
print(struct_time.__match_args__)
print(t.__reduce__())
print(copy.copy(t) == t, type(copy.deepcopy(t)).__name__, str(t) == repr(t), f"{t0}"[:30])
print(time.gmtime(-1), time.gmtime(-0.5)[:6], time.gmtime(True)[5], time.gmtime(None)[0] >= 2024)


class Days:
    def __index__(self):
        return 86400 * 366


print(time.gmtime(Days())[:3], time.gmtime(951782400), time.gmtime(4102444800)[:3])
for bad in ["1", float("nan"), float("inf"), 1e20, 2**70, 1e17, -2**62, [1]]:
    attempt(lambda: time.gmtime(bad))
attempt(lambda: time.gmtime(1, 2))
attempt(lambda: time.gmtime(secs=1))
attempt(lambda: time.localtime("x"))

# constructing one
print(struct_time((2024, 1, 2, 3, 4, 5, 1, 2, 0)))
s = struct_time([2024, 1, 2, 3, 4, 5, 1, 2, 0, "XYZ", 3600])
print(s, s.tm_zone, s.tm_gmtoff, len(s))
s = struct_time(range(9), {"tm_zone": "Q", "other": 1})
print(s, s.tm_zone, s.tm_gmtoff)
print(struct_time(sequence="abcdefghi").tm_mday, struct_time(t) == t, struct_time(t).tm_zone)
print(struct_time(iter(range(10))).tm_zone)
attempt(lambda: struct_time((1, 2, 3)))
attempt(lambda: struct_time(range(12)))
attempt(lambda: struct_time(5))
attempt(lambda: struct_time(range(9), 5))
attempt(lambda: struct_time(range(9), None))
attempt(lambda: struct_time(range(9), {}, 3))
attempt(lambda: struct_time())
attempt(lambda: struct_time(range(9), foo=1))
attempt(lambda: struct_time(seq=range(9)))
attempt(lambda: struct_time(range(9), sequence=range(9)))
attempt(lambda: struct_time.__new__(tuple, range(9)))
attempt(lambda: struct_time.__new__(struct_time, range(9)))


def set_year():
    t.tm_year = 1


def set_zone():
    t.tm_zone = "x"


def del_month():
    del t.tm_mon


def set_other():
    t.other = 1


def set_item():
    t[0] = 1


def subclass():
    class Later(struct_time):
        pass


for f in [set_year, set_zone, del_month, subclass]:
    attempt(f)
for f in [set_other, set_item, lambda: t.other, lambda: t.__dict__]:
    kind(f)

# strftime: every directive glibc has, on a struct_time from gmtime and on plain tuples
directives = "aAbBcCdDeFgGhHIjklmMnpPrRStTuUVwWxXyYzZ%"
print(time.strftime("|".join("%" + c for c in directives), t))
print(time.strftime("|".join("%" + c for c in directives if c not in "zZ"), (2024, 2, 29, 13, 5, 9, 3, 60, 0)))
print(time.strftime("%-d %_H %010Y %^a %#b %Ey %Od %EC %Ex %5S %-j %+", t))
print(time.strftime("%G-W%V-%u %U %W %j", (2021, 1, 3, 0, 0, 0, 6, 3, 0)))
print(time.strftime("%I %p %l %P", (1999, 12, 31, 0, 30, 0, 4, 365, 0)), time.strftime("%I %p", (1999, 12, 31, 12, 0, 0, 4, 365, 0)))
print(repr(time.strftime("", t)), time.strftime("é %Y € %", t), time.strftime("%Y-%m-%d", [2024][0:0] or (1, 1, 1, 0, 0, 0, 0, 1, 0)))
print(time.strftime("%Y %m %d %j", (2024, 0, 0, 0, 0, 0, 0, 0, 0)), time.strftime("%S %a", (2024, 1, 1, 0, 0, 61, 100, 366, 0)))
print(time.strftime("%Y|%y|%C", (12345, 1, 1, 0, 0, 0, 0, 1, 0)), time.strftime("%Y|%y", (-44, 3, 15, 0, 0, 0, 0, 74, 0)))
print(time.strftime("%Z %z", struct_time((2024, 5, 6, 7, 8, 9, 0, 127, 1, "ABC", -12600))))
print(time.strftime("%H:%M", struct_time((2024, 5, 6, 7, 8, 9, 0, 127, 1))), len(time.strftime("%c" * 300, t)))
print(time.strftime("%Y").isdigit(), time.strftime("%Y", time.localtime())[:2])
for bad in [
    lambda: time.strftime(),
    lambda: time.strftime(5),
    lambda: time.strftime(None, t),
    lambda: time.strftime("%Y", t, 1),
    lambda: time.strftime("%Y", (1, 2, 3)),
    lambda: time.strftime("%Y", list(t)),
    lambda: time.strftime("%Y", tuple(range(11))),
    lambda: time.strftime("%Y", (2024.0, 1, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", ("2024", 1, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2**40, 1, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (-2**40, 1, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2**70, 1, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (-2**31, 1, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2024, 13, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2024, 1, 32, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2024, 1, 1, 24, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2024, 1, 1, 0, 60, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2024, 1, 1, 0, 0, 62, 0, 1, 0)),
    lambda: time.strftime("%Y", (2024, 1, 1, 0, 0, 0, -2, 1, 0)),
    lambda: time.strftime("%Y", (2024, 1, 1, 0, 0, 0, 0, 367, 0)),
    lambda: time.strftime("a\0b", t),
    lambda: time.strftime("%Y", fmt="x"),
    lambda: time.strftime("%Z", struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0, 5, 0))),
    lambda: time.strftime("%z", struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0, "A", "B"))),
    lambda: time.strftime("%z", struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0, "A", 2**70))),
]:
    attempt(bad)

# asctime and ctime
print(time.asctime(t), time.asctime(t0), time.asctime((2024, 2, 29, 13, 5, 9, 3, 60, 0)))
print(time.asctime((12345, 1, 1, 0, 0, 0, 0, 1, 0)), time.asctime((-5, 1, 1, 0, 0, 0, 6, 1, 0)), time.asctime((2024, 0, 0, 0, 0, 0, 0, 0, 0)))
print(len(time.asctime()), len(time.ctime()), time.ctime(None)[-4:].isdigit())
for bad in [
    lambda: time.asctime(t, 1),
    lambda: time.asctime(list(t)),
    lambda: time.asctime(None),
    lambda: time.asctime((2024, 1, 1, 0, 0, 0, 0, 1)),
    lambda: time.asctime((2024, 1, 1, 25, 0, 0, 0, 1, 0)),
    lambda: time.asctime(t=t),
    lambda: time.ctime(1, 2),
    lambda: time.ctime("x"),
    lambda: time.ctime(1e17),
]:
    attempt(bad)

# local time: round trips only (the values depend on the time zone)
for x in [0, 86399, 951782400, 1700000000, 1720000000, -946080000, 2000000000]:
    lt = time.localtime(x)
    same_day = time.gmtime(x + lt.tm_gmtoff)[:6] == lt[:6]
    print(time.mktime(lt) == x, same_day, time.ctime(x) == time.asctime(lt), type(lt).__name__, lt.tm_isdst in (0, 1))
    print(time.strftime("%s", lt) == str(x), type(lt.tm_zone).__name__, time.localtime(x + 0.9) == lt)
print(type(time.localtime()) is struct_time, time.localtime(None)[0] >= 2023, time.mktime(time.localtime(1234567890.75)))
print(type(time.mktime((2024, 14, 40, 25, 61, 61, 9, 400, -1))).__name__, time.mktime(struct_time((2024, 1, 1, 0, 0, 0, 0, 1, -1))) % 900)
for bad in [
    lambda: time.mktime(),
    lambda: time.mktime(5),
    lambda: time.mktime((1, 2)),
    lambda: time.mktime(t, 3),
    lambda: time.mktime(t=t),
    lambda: time.mktime((-2**31, 1, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.mktime((2024, 1, 1, 0, 0, 0.5, 0, 1, 0)),
]:
    attempt(bad)

# the zone constants
print(type(time.timezone).__name__, type(time.altzone).__name__, time.daylight in (0, 1), len(time.tzname))
print(all(type(n) is str for n in time.tzname), time.daylight == (time.timezone != time.altzone))
print("struct_time" in vars(time), "tzname" in time.__dict__, hasattr(time, "nothing"))
