# A tiny state machine: a traffic light and a tokenizer driven by transitions.
class Machine:
    def __init__(self, name, initial, transitions):
        self.name = name
        self.state = initial
        self.transitions = transitions
        self.log = []

    def fire(self, event):
        key = (self.state, event)
        if key not in self.transitions:
            raise ValueError(f"{self.name}: no transition from {self.state!r} on {event!r}")
        new = self.transitions[key]
        self.log.append(f"{self.state} --{event}--> {new}")
        self.state = new
        return new

light = Machine("light", "red", {
    ("red", "timer"): "green",
    ("green", "timer"): "yellow",
    ("yellow", "timer"): "red",
    ("red", "fault"): "blinking",
    ("green", "fault"): "blinking",
    ("yellow", "fault"): "blinking",
    ("blinking", "reset"): "red",
})
for ev in ["timer", "timer", "timer", "timer", "fault", "reset", "timer"]:
    light.fire(ev)
print("\n".join(light.log))
print("final:", light.state)
try:
    light.fire("reset")
except ValueError as e:
    print("error:", e)

def classify(ch):
    if ch.isdigit():
        return "digit"
    if ch.isalpha() or ch == "_":
        return "alpha"
    if ch.isspace():
        return "space"
    return "op"

def tokenize(src):
    tokens = []
    state = "start"
    buf = ""
    for ch in src + " ":
        kind = classify(ch)
        if state == "number" and kind == "digit":
            buf += ch
            continue
        if state == "name" and kind in ("alpha", "digit"):
            buf += ch
            continue
        if state == "number":
            tokens.append(("NUM", int(buf)))
        elif state == "name":
            tokens.append(("NAME", buf))
        buf = ""
        if kind == "digit":
            state, buf = "number", ch
        elif kind == "alpha":
            state, buf = "name", ch
        elif kind == "op":
            tokens.append(("OP", ch))
            state = "start"
        else:
            state = "start"
    return tokens

for src in ["x1 = 42 + y_2*(7-3)", "total=a+bb +  ccc", "99bottles"]:
    toks = tokenize(src)
    print(src, "->", toks)

def run_vending(coins):
    state, credit = "idle", 0
    for c in coins:
        if c == "refund":
            print(f"  refund {credit}")
            state, credit = "idle", 0
            continue
        credit += c
        state = "paying" if credit < 100 else "vend"
        print(f"  inserted {c:>3}: credit={credit:>3} state={state}")
        if state == "vend":
            print(f"  vending, change {credit - 100}")
            state, credit = "idle", 0
    return state, credit
print(run_vending([25, 25, 50, 10, "refund", 100, 5]))
