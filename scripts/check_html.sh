#!/usr/bin/env bash
# Opens gilsim's HTML page in headless Chromium, with JavaScript and without, and checks that
# it rendered: the DOM has the SVG rows, the zoom controls show only with JavaScript, and each
# screenshot is not blank but shows the legend's colours. Not part of `cargo test` (CI has no
# browser). Needs `chromium` (Debian: apt-get install -y chromium) and python3.
#
#   scripts/check_html.sh [SCENARIO.py ...]      default: two_threads_cpu.py convoy.py io_overlap.py
#                                                async_gather.py
#
# Screenshots and pages land in target/check_html/ (look at them). Exit 0 when all checks pass.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/check_html"
mkdir -p "$out"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
    echo "check_html: no chromium found; install it with: apt-get install -y chromium" >&2
    exit 2
fi
(cd "$root" && cargo build --release --quiet)
gilsim="$root/target/release/gilsim"

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(two_threads_cpu.py convoy.py io_overlap.py async_gather.py)

# Chromium with the machine's usual headless flags; "nojs" turns JavaScript off through the
# profile's content settings (--blink-settings=scriptEnabled=false makes --screenshot skip).
browse() {
    local js="$1"; shift
    local profile
    profile="$(mktemp -d)"
    if [ "$js" = nojs ]; then
        mkdir -p "$profile/Default"
        echo '{"profile":{"default_content_setting_values":{"javascript":2}}}' >"$profile/Default/Preferences"
    fi
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --window-size=1400,900 "$@" 2>/dev/null
    rm -rf "$profile"
}

fail=0
check() { # check DESCRIPTION COMMAND...
    local what="$1"; shift
    if "$@"; then echo "  ok   $what"; else echo "  FAIL $what"; fail=1; fi
}

for scenario in "${scenarios[@]}"; do
    name="$(basename "$scenario" .py)"
    page="$out/$name.html"
    (cd "$root/scenarios" && "$gilsim" run "$scenario" --report none --html "$page" >/dev/null)
    echo "$name: $page"
    for js in js nojs; do
        dom="$out/$name.$js.dom.html"
        png="$out/$name.$js.png"
        rm -f "$png"
        browse "$js" --dump-dom "file://$page" >"$dom"
        (cd "$out" && browse "$js" --screenshot="$png" "file://$page" >/dev/null)
        check "$js: the DOM has the plot" grep -q '<svg id="plot"' "$dom"
        check "$js: a GIL row" grep -q 'data-row="gil"' "$dom"
        check "$js: thread rows" grep -q 'data-row="thread"' "$dom"
        check "$js: axis labels" grep -q '<text x="[0-9.]*%"' "$dom"
        check "$js: the tables" grep -q '<table class="threads">' "$dom"
        if grep -q 'task_create' <(cd "$root/scenarios" && "$gilsim" run "$scenario" --report none --trace /dev/stdout 2>/dev/null); then
            check "$js: asyncio task rows" grep -q 'data-row="task"' "$dom"
            check "$js: the task table" grep -q '<table class="tasks">' "$dom"
        fi
        if [ "$js" = js ]; then
            check "js: the zoom controls show" grep -q '<form id="controls" class="controls">' "$dom"
        else
            check "nojs: the zoom controls stay hidden" grep -q '<form id="controls" class="controls" hidden' "$dom"
        fi
        check "$js: the screenshot shows the timeline" python3 - "$png" <<'PY'
import struct, sys, zlib

def pixels(path):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG: (width, height, rows of bytes, bpp)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, "unexpected PNG format"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows, bpp

w, h, rows, bpp = pixels(sys.argv[1])
counts = {}
for line in rows:
    for x in range(0, w * bpp, bpp):
        px = bytes(line[x:x + 3])
        counts[px] = counts.get(px, 0) + 1
total = w * h
white = counts.get(b"\xff\xff\xff", 0)
# the legend's colours: running, waiting, blocking, idle (each swatch is 22 x 16 px)
palette = {name: counts.get(bytes.fromhex(hexa), 0) for name, hexa in
           [("running", "0072B2"), ("waiting", "E69F00"), ("blocking", "009E73"), ("idle", "C8C8C8")]}
drawn = sum(palette.values())
print(f"    {sys.argv[1]}: {w}x{h}, {len(counts)} colours, {100 * (total - white) / total:.1f}% not white, "
      + ", ".join(f"{k} {v} px" for k, v in palette.items()))
# not blank, and the rows drew far more of the palette than the legend's swatches alone
sys.exit(0 if white < total * 0.97 and len(counts) > 20 and drawn > 10000 else 1)
PY
    done
done
if [ "$fail" = 0 ]; then echo "check_html: all checks passed; screenshots in $out"; else echo "check_html: FAILED"; fi
exit "$fail"
