#!/usr/bin/env python3
"""Faults against `mpsd-handles serve` (release build, --body-deadline 5
--header-timeout 5): 10 000 idle connections; 200 clients that stop
mid-body; 100 that trickle a body byte every half second (each must be cut
off at the deadline); 100 that trickle their headers (each must be closed
at the header timeout); 2 000 that close early; POST/DELETE churn (memory
must stay flat). During each, a normal client keeps sending valid invites:
every one must get 201. Then, on servers of their own: 1 100 idle
connections under `ulimit -n 1024`, and SIGTERM with a slow client (exit
within --shutdown-grace). Then the mock's queries (issue 27): nine nested
lambdas over ten tags, and 1 000 terms over 10 000 handles of 500 numbers,
each timed while /healthz and GET are timed beside it; and the store's RSS
filled with the costliest handle shapes against its 64 MiB bound. Prints the normal client's latency and the
server's resident memory at each stage. Not a test: numbers depend on the
machine.    python3 benches/serve-faults.py   (after cargo build --release)
"""

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(
    os.environ.get("CARGO_TARGET_DIR")
    or json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--no-deps"],
            cwd=ROOT, capture_output=True, check=True, text=True,
        ).stdout
    )["target_directory"]
)
BIN = TARGET / "release" / "mpsd-handles"
BODY = (ROOT / "tests" / "data" / "valid" / "invite.json").read_bytes()


def head(length: int) -> bytes:
    return (
        "POST /handles HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        f"x-xbl-contract-version: 107\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n"
    ).encode()


def start(*args: str, files: int | None = None) -> tuple[subprocess.Popen, str, int]:
    command = [str(BIN), "serve", "--listen", "127.0.0.1:0", *args]
    if files is not None:
        command = ["sh", "-c", f'ulimit -n {files} && exec "$0" "$@"', *command]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    addr = proc.stdout.readline().strip().split("http://")[1]
    host, port = addr.rsplit(":", 1)
    return proc, host, int(port)


def rss_mb(proc: subprocess.Popen) -> float:
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def normal(host: str, port: int, count: int = 20) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        with socket.create_connection((host, port), timeout=30) as s:
            s.sendall(head(len(BODY)) + BODY)
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        status = int(answer.split(b" ", 2)[1])
        if status != 201:
            raise SystemExit(f"a normal request got {status}")
        times.append((time.perf_counter() - start) * 1000)
    return times


def read_answer(s: socket.socket) -> tuple[int, dict[str, str]]:
    raw = b""
    while b"\r\n\r\n" not in raw:
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("closed mid-answer")
        raw += chunk
    head_text, rest = raw.split(b"\r\n\r\n", 1)
    lines = head_text.decode().split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        rest += s.recv(65536)
    return int(lines[0].split(" ")[1]), headers


def churn(host: str, port: int, cycles: int) -> None:
    """POST then DELETE `cycles` times on one kept-alive connection."""
    body = (ROOT / "tests" / "data" / "valid" / "activity-minimal.json").read_bytes()
    post = head(len(body)).replace(b"connection: close\r\n", b"") + body
    with socket.create_connection((host, port), timeout=30) as s:
        for _ in range(cycles):
            s.sendall(post)
            status, headers = read_answer(s)
            if status != 204:
                raise SystemExit(f"churn POST got {status}")
            s.sendall(f"DELETE {headers['location']} HTTP/1.1\r\nhost: x\r\n\r\n".encode())
            status, _ = read_answer(s)
            if status != 204:
                raise SystemExit(f"churn DELETE got {status}")


def closed_within(socks: list[socket.socket], seconds: float) -> int:
    """How many of `socks` the server closed (or answered) within `seconds`."""
    deadline = time.monotonic() + seconds
    done = 0
    for s in socks:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            s.recv(4096)
            done += 1
        except OSError as e:
            if not isinstance(e, (socket.timeout, TimeoutError)):
                done += 1
    return done


SCID = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862"


def post_json(s: socket.socket, path: str, body: bytes) -> int:
    """POST `body` on kept-alive `s`; the answer's status."""
    s.sendall(
        (
            f"POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            f"x-xbl-contract-version: 107\r\ncontent-length: {len(body)}\r\n\r\n"
        ).encode()
        + body
    )
    return read_answer(s)[0]


def search_body(attributes: dict) -> bytes:
    return json.dumps(
        {"version": 1, "type": "search", "sessionRef": {"scid": SCID, "templateName": "lfg"},
         "searchAttributes": attributes},
        separators=(",", ":"),
    ).encode()


def timed_query(host: str, port: int, metrics: tuple[str, int], filt: str) -> str:
    """Runs one search query with `filt`; meanwhile times /healthz and a GET."""
    query = json.dumps({"type": "search", "scid": SCID, "templateName": "lfg",
                        "global": True, "filter": filt}).encode()
    result: dict = {}

    def run() -> None:
        start = time.perf_counter()
        with socket.create_connection((host, port), timeout=120) as s:
            status = post_json(s, "/handles/query", query)
        result["status"], result["took"] = status, time.perf_counter() - start

    t = threading.Thread(target=run)
    t.start()
    waits = []
    while t.is_alive():
        start = time.perf_counter()
        for addr, path in ((metrics, "/healthz"), ((host, port), f"/handles/{SCID}")):
            with socket.create_connection(addr, timeout=120) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".encode())
                while s.recv(65536):
                    pass
        waits.append((time.perf_counter() - start) * 1000)
    t.join()
    worst = max(waits) if waits else 0.0
    return (f"{result['status']} in {result['took']:.2f} s; /healthz + GET beside it: "
            f"{len(waits)} rounds, worst {worst:.1f} ms")


def mock_queries() -> None:
    proc = subprocess.Popen(
        [str(BIN), "serve", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    host, port = proc.stdout.readline().strip().split("http://")[1].rsplit(":", 1)
    mhost, mport = proc.stdout.readline().strip().split("http://")[1].rsplit(":", 1)
    port, metrics = int(port), (mhost, int(mport))
    with socket.create_connection((host, port), timeout=30) as s:
        post_json(s, "/handles", search_body({"tags": [f"t{i}" for i in range(10)]}))
    depth = 9
    filt = " and ".join(f"v{v} eq 'zz'" for v in reversed(range(depth)))
    for v in reversed(range(depth)):
        filt = f"tags/any(v{v}:{filt})"
    print(f"nested lambdas (9 over 10 tags): {timed_query(host, port, metrics, filt)}")
    body = search_body({"numbers": {f"a{i}": i for i in range(500)}})
    with socket.create_connection((host, port), timeout=30) as s:
        for _ in range(10_000):
            post_json(s, "/handles", body)
    filt = " and ".join(["numbers/a499 ge 0"] * 1000)
    print(f"1 000 terms over 10 000 handles of 500 numbers: {timed_query(host, port, metrics, filt)}")
    print(f"  server RSS {rss_mb(proc):.1f} MB")
    proc.terminate()
    proc.wait()
    shapes = {
        "16 300 one-letter tags": {"tags": ["a"] * 16_300},
        "7 500 distinct short tags": {"tags": [f"t{i}" for i in range(7_500)]},
        "6 500 numbers": {"numbers": {f"n{i}": 0 for i in range(6_500)}},
        "6 000 empty strings": {"strings": {f"s{i}": "" for i in range(6_000)}},
    }
    for name, attributes in shapes.items():
        proc, host, port = start()
        before = rss_mb(proc)
        body = search_body(attributes)
        with socket.create_connection((host, port), timeout=30) as s:
            for _ in range(3 * (64 << 20) // len(body)):
                status = post_json(s, "/handles", body)
                if status != 204:
                    raise SystemExit(f"{name}: {status}")
        print(f"store of {name} ({len(body)} B each, 3x the bound posted): "
              f"RSS {before:.1f} -> {rss_mb(proc):.1f} MB", flush=True)
        proc.terminate()
        proc.wait()


def main() -> int:
    if sys.argv[1:] == ["mock"]:
        mock_queries()
        return 0
    proc, host, port = start("--body-deadline", "5", "--header-timeout", "5")

    rows = []

    def record(stage: str, times: list[float], server: subprocess.Popen = proc) -> None:
        rows.append((stage, statistics.median(times), max(times), rss_mb(server)))

    def note(stage: str, server: subprocess.Popen = proc) -> None:
        rows.append((stage, 0, 0, rss_mb(server)))

    record("quiet", normal(host, port))

    idle = [socket.create_connection((host, port)) for _ in range(10_000)]
    record("10 000 idle connections", normal(host, port))
    for s in idle:
        s.close()

    stalled = []
    for _ in range(200):
        s = socket.create_connection((host, port))
        s.sendall(head(len(BODY)) + BODY[: len(BODY) // 2])
        stalled.append(s)
    record("200 clients stopped mid-body", normal(host, port))
    time.sleep(6)
    cut = 0
    for s in stalled:
        s.settimeout(5)
        try:
            if b" 400 " in s.recv(4096):
                cut += 1
        except OSError:
            pass
        s.close()
    note(f"  of which cut off with 400 after the deadline: {cut}/200")

    trickled: list[socket.socket] = []
    stop = threading.Event()

    def trickle(headers_only: bool) -> None:
        s = socket.create_connection((host, port))
        trickled.append(s)
        data = head(len(BODY)) if headers_only else BODY
        if not headers_only:
            s.sendall(head(len(BODY)))
        for b in data:
            if stop.is_set():
                return
            try:
                s.sendall(bytes([b]))
            except OSError:
                return
            time.sleep(0.5)

    for headers_only, what in [(False, "a body"), (True, "headers")]:
        trickled.clear()
        stop.clear()
        threads = [threading.Thread(target=trickle, args=(headers_only,), daemon=True) for _ in range(100)]
        for t in threads:
            t.start()
        time.sleep(1)
        started = time.monotonic()
        record(f"100 clients trickling {what}, a byte per 0.5 s", normal(host, port))
        cut = closed_within(list(trickled), 5 + 3 - (time.monotonic() - started))
        stop.set()
        note(f"  of which cut off within the 5 s {'deadline' if not headers_only else 'header timeout'} (+3 s): {cut}/100")
        for s in trickled:
            s.close()

    for _ in range(2000):
        s = socket.create_connection((host, port))
        s.sendall(head(len(BODY)) + BODY[:10])
        s.close()
    record("after 2 000 clients closed early", normal(host, port))

    before = rss_mb(proc)
    churn(host, port, 20_000)
    middle = rss_mb(proc)
    churn(host, port, 20_000)
    record(f"POST/DELETE churn: RSS {before:.1f} -> {middle:.1f} -> {rss_mb(proc):.1f} MB over 2 x 20 000 cycles", normal(host, port))

    proc.terminate()
    code = proc.wait(timeout=15)

    # 1 100 idle connections against a server allowed 1 024 descriptors.
    limited, lhost, lport = start("--header-timeout", "5", files=1024)
    idle = [socket.create_connection((lhost, lport)) for _ in range(1100)]
    record("1 100 idle connections, ulimit -n 1024", normal(lhost, lport), limited)
    for s in idle:
        s.close()
    limited.terminate()
    limited.wait(timeout=15)

    # SIGTERM while a client is mid-body and another mid-headers.
    graceful, ghost, gport = start("--shutdown-grace", "3", "--body-deadline", "60", "--header-timeout", "60")
    slow = socket.create_connection((ghost, gport))
    slow.sendall(head(len(BODY)) + BODY[:10])
    slow_head = socket.create_connection((ghost, gport))
    slow_head.sendall(b"POST /handles HTTP/1.1\r\nhost: x\r\n")
    time.sleep(0.3)
    sent = time.monotonic()
    graceful.send_signal(signal.SIGTERM)
    gcode = graceful.wait(timeout=30)
    took = time.monotonic() - sent
    slow.close()
    slow_head.close()

    print("| stage | normal request p50 | max | server RSS |")
    print("|---|---|---|---|")
    for stage, p50, worst, rss in rows:
        if p50:
            print(f"| {stage} | {p50:.2f} ms | {worst:.2f} ms | {rss:.1f} MB |")
        else:
            print(f"| {stage} | | | {rss:.1f} MB |")
    print(f"SIGTERM: exit {code}")
    print(f"SIGTERM with a client mid-body and one mid-headers, --shutdown-grace 3: exit {gcode} after {took:.2f} s")
    mock_queries()
    return 0


if __name__ == "__main__":
    sys.exit(main())
