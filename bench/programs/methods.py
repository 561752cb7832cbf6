# Method calls on class instances, attribute reads and writes.
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def scale(self, k):
        self.x *= k
        self.y *= k
        return self

    def dot(self, other):
        return self.x * other.x + self.y * other.y


class Particle:
    def __init__(self, i):
        self.pos = Vec(i, -i)
        self.vel = Vec(1, 2)
        self.steps = 0

    def step(self):
        self.pos = self.pos.add(self.vel)
        self.steps += 1
        if self.steps % 8 == 0:
            self.vel.scale(-1)

    def energy(self):
        return self.vel.dot(self.vel) + self.pos.dot(self.vel) + self.pos.x % 7 + self.steps


def run(n, rounds):
    ps = [Particle(i) for i in range(n)]
    total = 0
    for _ in range(rounds):
        for p in ps:
            p.step()
            total += p.energy()
    return total

print("checksum", run(1000, 2000))
