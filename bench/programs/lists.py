# List append / index / sum / sort / slicing work.
def run(rounds):
    checksum = 0
    for r in range(rounds):
        data = []
        for i in range(2000):
            data.append((i * 7919 + r * 31) % 1009)
        total = 0
        for i in range(len(data)):
            total += data[i]
        data.sort()
        checksum += total + data[len(data) // 2] + sum(data[::10])
        data.reverse()
        checksum += data[0] - data[-1] + len(data[100:200])
        data[10:20] = [0] * 10
        checksum += data.index(0) + data.count(0)
    return checksum

print("checksum", run(3200))
