# A binary-heap priority queue written from scratch, used for a scheduler and Dijkstra.
class PriorityQueue:
    def __init__(self):
        self._heap = []
        self._counter = 0

    def __len__(self):
        return len(self._heap)

    def push(self, priority, item):
        entry = (priority, self._counter, item)
        self._counter += 1
        self._heap.append(entry)
        self._sift_up(len(self._heap) - 1)

    def pop(self):
        if not self._heap:
            raise IndexError("pop from empty priority queue")
        heap = self._heap
        top = heap[0]
        last = heap.pop()
        if heap:
            heap[0] = last
            self._sift_down(0)
        return top[0], top[2]

    def _sift_up(self, i):
        heap = self._heap
        while i > 0:
            parent = (i - 1) // 2
            if heap[i] < heap[parent]:
                heap[i], heap[parent] = heap[parent], heap[i]
                i = parent
            else:
                break

    def _sift_down(self, i):
        heap = self._heap
        n = len(heap)
        while True:
            smallest = i
            for child in (2 * i + 1, 2 * i + 2):
                if child < n and heap[child] < heap[smallest]:
                    smallest = child
            if smallest == i:
                return
            heap[i], heap[smallest] = heap[smallest], heap[i]
            i = smallest

pq = PriorityQueue()
for prio, task in [(3, "write docs"), (1, "fix bug"), (2, "review"), (1, "deploy"), (5, "lunch"), (2, "test")]:
    pq.push(prio, task)
print("queued:", len(pq))
while pq:
    print(*pq.pop())
try:
    pq.pop()
except IndexError as e:
    print("IndexError:", e)

nums = [29, 3, 17, 8, 42, 1, 15, 23, 4, 16, 8]
h = PriorityQueue()
for n in nums:
    h.push(n, n)
print([h.pop()[1] for _ in range(len(nums))] == sorted(nums))

graph = {
    "A": {"B": 4, "C": 2},
    "B": {"C": 5, "D": 10},
    "C": {"E": 3},
    "D": {"F": 11},
    "E": {"D": 4},
    "F": {},
}

def dijkstra(graph, start):
    dist = {start: 0}
    prev = {}
    pq = PriorityQueue()
    pq.push(0, start)
    while pq:
        d, node = pq.pop()
        if d > dist.get(node, float("inf")):
            continue
        for nbr, w in graph[node].items():
            nd = d + w
            if nd < dist.get(nbr, float("inf")):
                dist[nbr] = nd
                prev[nbr] = node
                pq.push(nd, nbr)
    return dist, prev

dist, prev = dijkstra(graph, "A")
for node in sorted(dist):
    path = [node]
    while path[-1] in prev:
        path.append(prev[path[-1]])
    print(f"{node}: {dist[node]:>2} via {' -> '.join(reversed(path))}")
