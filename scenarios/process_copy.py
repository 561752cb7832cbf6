"""A child process works on a copy: what it changes stays in the child.

What it shows: a process starts as a copy of its parent (Linux forks it), so a child that
appends to a list it was given, or to a global, changes only its own copy; the parent still
sees the old values after join(). To get results back, send them: here through a
multiprocessing.Queue, where they travel pickled.

What to look for in the timeline: a second GIL row (proc 1) appears for the child; the parent
blocks in join() while the child runs.
"""
import multiprocessing

scores = [1, 2, 3]


def child(numbers, results):
    numbers.append(4)
    scores.append(99)
    print(f"child: numbers={numbers} scores={scores}", flush=True)
    results.put(sum(numbers))


if __name__ == "__main__":
    numbers = [10, 20, 30]
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(numbers, results))
    p.start()
    total = results.get()
    p.join()
    print(f"parent: numbers={numbers} scores={scores}")
    print(f"the child's sum came back through the queue: {total}")
    print(f"child exit code {p.exitcode}")
