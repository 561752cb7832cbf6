import random
random.seed(42); print([random.getrandbits(32) for _ in range(3)], random.random())
random.seed(0); print(random.random(), random.randint(1,6), random.choice('abc'))
random.seed(2**40+3); print(random.random())
random.seed(-5); print(random.random())
random.seed(7); l=list(range(10)); random.shuffle(l); print(l, random.sample(range(100), 5), random.uniform(1,2))
random.seed(7); print(random.choices('abc', k=5), random.choices('abc', weights=[1,2,3], k=4), random.gauss(0,1), random.randrange(0,100,7))
r = random.Random(123); print(r.random(), r.randrange(10), r.getrandbits(70))
print(random.sample(range(10000), 8), random.triangular(), random.expovariate(2.0), random.normalvariate())
try:
    random.choice([])
except IndexError as e:
    print("IndexError:", e)
try:
    random.randrange(5, 5)
except ValueError as e:
    print("ValueError:", e)
try:
    random.sample([1, 2], 3)
except ValueError as e:
    print("ValueError:", e)
state = random.getstate()
a = [random.random() for _ in range(3)]
random.setstate(state)
print(a == [random.random() for _ in range(3)])
deck = [f"{r}{s}" for s in "SHDC" for r in "A23456789TJQK"]
random.seed(2024)
random.shuffle(deck)
print(deck[:7], random.sample(deck, 3), random.choices(deck, cum_weights=list(range(1, 53)), k=3))
