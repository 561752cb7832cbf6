from typing import Optional, List, Dict, Tuple, Union, Any, Callable, Iterator
def find(items: List[int], target: int) -> Optional[int]:
    for i, v in enumerate(items):
        if v == target:
            return i
    return None
print(find([4, 5, 6], 5), find([4, 5, 6], 9))
def tally(words: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for w in words:
        out[w] = out.get(w, 0) + 1
    return out
print(tally(["a", "b", "a"]))
def pair(a: int, b: str = "x") -> tuple[int, str]:
    return a, b
print(pair(1), pair(2, "y"))
def apply(f: Callable[[int], int], v: int) -> int:
    return f(v)
print(apply(lambda n: n * 3, 7))
def gen(n: int) -> Iterator[int]:
    yield from range(n)
print(list(gen(4)))
counter: int = 0
names: List[str] = []
mapping: Dict[str, List[int]] = {"a": [1]}
maybe: Optional[str] = None
anything: Any = 3.5
either: Union[int, str] = "s"
names.append("z")
counter += 1
print(counter, names, mapping, maybe, anything, either)
class Stack:
    items: list[int]
    def __init__(self) -> None:
        self.items = []
    def push(self, v: int) -> "Stack":
        self.items.append(v)
        return self
    def peek(self) -> Optional[int]:
        return self.items[-1] if self.items else None
s = Stack().push(1).push(2)
print(s.items, s.peek(), Stack().peek())
uninitialized: int
try:
    print(uninitialized)
except NameError as e:
    print("NameError:", e)
def annotated(x: "forward", *args: int, **kw: str) -> None:
    print(x, args, kw)
annotated(1, 2, 3, k="v")
print(sorted(find.__annotations__), sorted(pair.__annotations__))
