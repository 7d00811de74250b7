#!/usr/bin/env python3
"""Issue 30: two threads calling validate (or is_valid) on their own bodies:
do they slow each other more than the GIL forces? Calls per second with one
thread and with two, best of 3, as a Markdown table (docs/performance.md).

  pip install ./crates/mpsd-handles-py
  python3 benches/python_threads.py [CALLS]
"""
import threading, time, pathlib, sys
import mpsd_handles
ROOT = pathlib.Path(__file__).resolve().parent.parent
bodies = {
    "invite (0.5 KB)": (ROOT / "tests/data/valid/invite.json").read_bytes(),
    "search (0.7 KB)": (ROOT / "tests/data/valid/search.json").read_bytes(),
}
# A large valid body: a search handle with many tags, near the 64 KiB limit.
import json
big = json.loads(bodies["search (0.7 KB)"])
big["searchAttributes"]["tags"] = [f"tag{i}" for i in range(5000)]
bodies["search, 5000 tags (55 KB)"] = json.dumps(big).encode()
mid = json.loads(bodies["search (0.7 KB)"])
mid["searchAttributes"]["tags"] = [f"tag{i}" for i in range(400)]
bodies["search, 400 tags (4.8 KB)"] = json.dumps(mid).encode()
N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
def run(f, body, n):
    for _ in range(n): f(body)
for n_tags in (1500,):
    m = json.loads(bodies["search (0.7 KB)"])
    m["searchAttributes"]["tags"] = [f"tag{i}" for i in range(n_tags)]
    bodies[f"search, {n_tags} tags ({len(json.dumps(m)) // 1000} KB)"] = json.dumps(m).encode()
print("| body | call | 1 thread/s | 2 threads/s | 2 / 1 |")
print("|---|---|---|---|---|")
for label, body in bodies.items():
    n = N if len(body) < 10_000 else N // 100
    for name, f in [("validate", mpsd_handles.validate), ("is_valid", mpsd_handles.is_valid)]:
        best1 = best2 = 0
        for _ in range(3):
            t = time.perf_counter(); run(f, body, n); d1 = time.perf_counter() - t
            ts = [threading.Thread(target=run, args=(f, body, n)) for _ in range(2)]
            t = time.perf_counter(); [x.start() for x in ts]; [x.join() for x in ts]; d2 = time.perf_counter() - t
            best1 = max(best1, n / d1); best2 = max(best2, 2 * n / d2)
        print(f"| {label} | {name} | {best1:,.0f} | {best2:,.0f} | {best2/best1:.2f}× |")
