#!/usr/bin/env bash
# Load benchmark of `mpsd-handles serve` against its non-validating twin
# (crates/mpsd-handles-cli/examples/baseline.rs: axum's Json<Value>, nothing
# checked). For each kind of request (a valid invite, an invalid body, an
# oversize body, a wrong content type) it runs oha for N requests, 64
# concurrent, keep-alive, checks that every answer has the right status, and
# prints requests/s and p50/p99 side by side. Then the proxy: valid invites
# through `serve --upstream` to a stub upstream
# (crates/mpsd-handles-cli/examples/stub_upstream.rs), plain and HTTPS,
# against the same requests sent to the stub directly. Not a test: numbers
# depend on the machine.
#   benches/serve-load.sh            N=20000 by default
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
command -v oha >/dev/null || cargo install oha --locked
cargo build --quiet --release -p mpsd-handles-cli --bin mpsd-handles --example baseline --example stub_upstream
target=$(.ci/target-dir)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # start NAME COMMAND... : prints the address
  "${@:2}" >"$work/$1.out" 2>/dev/null &
  echo $! >"$work/$1.pid"
  for _ in $(seq 100); do [ -s "$work/$1.out" ] && break; sleep 0.1; done
  head -1 "$work/$1.out" | sed 's|^listening on ||'
}
serve=$(start serve "$target/release/mpsd-handles" serve --listen 127.0.0.1:0)
baseline=$(start baseline "$target/release/examples/baseline" 127.0.0.1:0)
stub=$(start stub "$target/release/examples/stub_upstream" 127.0.0.1:0)
stub_tls=$(start stub_tls "$target/release/examples/stub_upstream" 127.0.0.1:0 --tls "$work/ca.pem")
proxy=$(start proxy "$target/release/mpsd-handles" serve --listen 127.0.0.1:0 --upstream "$stub")
proxy_tls=$(start proxy_tls "$target/release/mpsd-handles" serve --listen 127.0.0.1:0 \
  --upstream "https://localhost:${stub_tls##*:}" --upstream-ca "$work/ca.pem")

cp tests/data/valid/invite.json "$work/valid.json"
cp tests/data/invalid/many-violations.json "$work/invalid.json"
head -c 70000 /dev/zero | tr '\0' ' ' >"$work/oversize.json"

run() { # run SERVER KIND BODY CONTENT_TYPE
  oha -n "$N" -c 64 --no-tui --output-format json -m POST \
    -H "content-type: $4" -H "x-xbl-contract-version: 107" -D "$3" "$1/handles" >"$work/$2.$(basename "$1" | tr -c 'a-z0-9' _).json"
  echo "$work/$2.$(basename "$1" | tr -c 'a-z0-9' _).json"
}

results=()
for kind in valid invalid oversize wrongtype; do
  case $kind in
    valid) body=$work/valid.json type=application/json ;;
    invalid) body=$work/invalid.json type=application/json ;;
    oversize) body=$work/oversize.json type=application/json ;;
    wrongtype) body=$work/valid.json type=text/plain ;;
  esac
  a=$(run "$serve" "$kind-serve" "$body" "$type")
  b=$(run "$baseline" "$kind-baseline" "$body" "$type")
  results+=("$kind:$a:$b")
done

# CPU time (user + system, clock ticks) a process has used so far.
ticks() { awk '{print $14 + $15}' "/proc/$(cat "$work/$1.pid")/stat"; }
cpu() { # cpu NAME BEFORE : ticks used since BEFORE
  echo $(( $(ticks "$1") - $2 ))
}

# The proxy: the same valid invite through it and to the stub directly;
# and the CPU time each process spent (the cores are shared with oha).
s0=$(ticks stub)
a=$(run "$stub" "direct-stub" "$work/valid.json" application/json)
direct_cpu=$(cpu stub "$s0")
s0=$(ticks stub); p0=$(ticks proxy)
b=$(run "$proxy" "proxy-plain" "$work/valid.json" application/json)
plain_cpu="$(cpu proxy "$p0"),$(cpu stub "$s0")"
s0=$(ticks stub_tls); p0=$(ticks proxy_tls)
c=$(run "$proxy_tls" "proxy-https" "$work/valid.json" application/json)
https_cpu="$(cpu proxy_tls "$p0"),$(cpu stub_tls "$s0")"
proxied=("plain:$a:$b:$direct_cpu:$plain_cpu" "https:$a:$c:$direct_cpu:$https_cpu")

python3 - "$N" "$(getconf CLK_TCK)" "${proxied[@]}" <<'PY'
import json, sys
n, hz = int(sys.argv[1]), int(sys.argv[2])
print("| upstream | direct req/s | direct p50 | direct p99 | proxy req/s | proxy p50 | proxy p99 | proxy/direct | CPU µs/request: stub direct, proxy, stub behind it |")
print("|---|---|---|---|---|---|---|---|---|")
ok = True
for item in sys.argv[3:]:
    kind, a, b, direct_cpu, proxied_cpu = item.split(":")
    us = lambda ticks: int(ticks) / hz / n * 1e6
    proxy_cpu, behind_cpu = proxied_cpu.split(",")
    row = []
    for path in (a, b):
        r = json.load(open(path))
        codes = {int(k): v for k, v in r["statusCodeDistribution"].items()}
        if codes != {201: n}:
            ok = False
            print(f"WRONG ANSWERS for {kind}: expected {n} x 201, got {codes}", file=sys.stderr)
        lat = r["latencyPercentiles"]
        row.append((r["summary"]["requestsPerSec"], lat["p50"] * 1000, lat["p99"] * 1000))
    (ra, a50, a99), (rb, b50, b99) = row
    print(f"| {kind} | {ra:,.0f} | {a50:.2f} ms | {a99:.2f} ms | {rb:,.0f} | {b50:.2f} ms | {b99:.2f} ms | {rb / ra:.2f} | {us(direct_cpu):.1f}, {us(proxy_cpu):.1f}, {us(behind_cpu):.1f} |")
sys.exit(0 if ok else 1)
PY
echo

python3 - "$N" "${results[@]}" <<'PY'
import json, sys
n = int(sys.argv[1])
# The status each server must answer, by kind of request.
expected = {
    "valid": (201, 204), "invalid": (400, 204), "oversize": (413, 413), "wrongtype": (415, 415),
}
print("| request | serve req/s | serve p50 | serve p99 | baseline req/s | baseline p50 | baseline p99 | serve/baseline |")
print("|---|---|---|---|---|---|---|---|")
ok = True
for item in sys.argv[2:]:
    kind, a, b = item.split(":")
    row = []
    for path, want in zip((a, b), expected[kind]):
        r = json.load(open(path))
        codes = {int(k): v for k, v in r["statusCodeDistribution"].items()}
        if codes != {want: n}:
            ok = False
            print(f"WRONG ANSWERS for {kind}: expected {n} x {want}, got {codes}", file=sys.stderr)
        lat = r["latencyPercentiles"]
        row.append((r["summary"]["requestsPerSec"], lat["p50"] * 1000, lat["p99"] * 1000))
    (ra, a50, a99), (rb, b50, b99) = row
    print(f"| {kind} | {ra:,.0f} | {a50:.2f} ms | {a99:.2f} ms | {rb:,.0f} | {b50:.2f} ms | {b99:.2f} ms | {ra / rb:.2f} |")
sys.exit(0 if ok else 1)
PY
