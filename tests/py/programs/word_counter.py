# A text word counter: normalisation, counting, ranking, simple stats.
TEXT = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness,
it was the spring of hope, it was the winter of despair."""

STOP = {"it", "was", "the", "of"}

def tokenize(text):
    words = []
    for raw in text.split():
        word = "".join(ch for ch in raw.lower() if ch.isalpha())
        if word:
            words.append(word)
    return words

def count(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts

def top(counts, n):
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

def histogram(pairs, width=30):
    biggest = max(c for _, c in pairs)
    for word, c in pairs:
        bar = "#" * (c * width // biggest)
        print(f"{word:>12} | {bar:<{width}} | {c}")

words = tokenize(TEXT)
print("total words:", len(words))
counts = count(words)
print("distinct words:", len(counts))
print("top 5 overall:", top(counts, 5))
content = {w: c for w, c in counts.items() if w not in STOP}
print("top content words:")
histogram(top(content, 6))
lengths = {}
for w in counts:
    lengths.setdefault(len(w), []).append(w)
for length in sorted(lengths):
    print(length, sorted(lengths[length]))
longest = max(counts, key=lambda w: (len(w), w))
print("longest word:", longest, len(longest))
avg = sum(len(w) for w in words) / len(words)
print(f"average word length: {avg:.3f}")
lines = TEXT.splitlines()
for i, line in enumerate(lines, 1):
    print(f"line {i}: {len(line.split()):2d} words, {len(line):3d} chars, first={line.split()[0]!r}")
first_seen = {}
for i, w in enumerate(words):
    first_seen.setdefault(w, i)
print("first positions:", list(first_seen.items())[:8])
pairs = count(f"{a} {b}" for a, b in zip(words, words[1:]))
print("top bigrams:", top(pairs, 3))
