#!/usr/bin/env python3
"""Faults against `mpsd-handles serve` (release build, --body-deadline 5):
10 000 idle connections; 200 clients that stop mid-body; 100 that trickle a
byte every half second; 2 000 that close early. During each, a normal client
keeps sending valid invites: every one must get 201. Prints its latency and
the server's resident memory at each stage. Not a test: numbers depend on the
machine.    python3 benches/serve-faults.py   (after cargo build --release)
"""

import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "mpsd-handles"
BODY = (ROOT / "tests" / "data" / "valid" / "invite.json").read_bytes()


def head(length: int) -> bytes:
    return (
        "POST /handles HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        f"x-xbl-contract-version: 107\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n"
    ).encode()


def main() -> int:
    proc = subprocess.Popen(
        [str(BIN), "serve", "--listen", "127.0.0.1:0", "--body-deadline", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    addr = proc.stdout.readline().strip().split("http://")[1]
    host, port = addr.rsplit(":", 1)
    port = int(port)

    def rss_mb() -> float:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def normal(count: int = 20) -> list[float]:
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

    rows = []

    def record(stage: str, times: list[float]) -> None:
        rows.append((stage, statistics.median(times), max(times), rss_mb()))

    record("quiet", normal())

    idle = [socket.create_connection((host, port)) for _ in range(10_000)]
    record("10 000 idle connections", normal())
    for s in idle:
        s.close()

    stalled = []
    for _ in range(200):
        s = socket.create_connection((host, port))
        s.sendall(head(len(BODY)) + BODY[: len(BODY) // 2])
        stalled.append(s)
    record("200 clients stopped mid-body", normal())
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
    rows.append((f"  of which cut off with 400 after the deadline: {cut}/200", 0, 0, rss_mb()))

    stop = threading.Event()

    def trickle() -> None:
        with socket.create_connection((host, port)) as s:
            s.sendall(head(len(BODY)))
            for b in BODY:
                if stop.is_set():
                    return
                try:
                    s.sendall(bytes([b]))
                except OSError:
                    return
                time.sleep(0.5)

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(100)]
    for t in threads:
        t.start()
    time.sleep(1)
    record("100 clients trickling a byte per 0.5 s", normal())
    stop.set()

    for _ in range(2000):
        s = socket.create_connection((host, port))
        s.sendall(head(len(BODY)) + BODY[:10])
        s.close()
    record("after 2 000 clients closed early", normal())

    proc.terminate()
    code = proc.wait(timeout=15)
    print("| stage | normal request p50 | max | server RSS |")
    print("|---|---|---|---|")
    for stage, p50, worst, rss in rows:
        if p50:
            print(f"| {stage} | {p50:.2f} ms | {worst:.2f} ms | {rss:.1f} MB |")
        else:
            print(f"| {stage} | | | {rss:.1f} MB |")
    print(f"SIGTERM: exit {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
