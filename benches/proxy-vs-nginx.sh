#!/usr/bin/env bash
# CPU per request of `serve --upstream` (validating every body) against
# nginx as a plain keep-alive reverse proxy with one worker (nothing
# checked), both in front of the same stub upstream
# (crates/mpsd-handles-cli/examples/stub_upstream.rs), on loopback: oha
# sends N valid invites over 64 keep-alive connections to each, RUNS times
# in turn; the CPU (user + system) each proxy process spent, divided by N,
# is its cost per request. Also the upstream connections each opened.
# Installs nginx (Debian's package) and oha if missing. Not a test:
# numbers depend on the machine.
#   benches/proxy-vs-nginx.sh        N=50000 RUNS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-50000}
RUNS=${RUNS:-5}
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx-light >/dev/null; }
command -v oha >/dev/null || cargo install oha --locked
cargo build --quiet --release -p mpsd-handles-cli --bin mpsd-handles --example stub_upstream
target=$(.ci/target-dir)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT

start() { # start NAME COMMAND... : prints the address
  "${@:2}" >"$work/$1.out" 2>/dev/null &
  echo $! >"$work/$1.pid"
  for _ in $(seq 100); do [ -s "$work/$1.out" ] && break; sleep 0.1; done
  head -1 "$work/$1.out" | sed 's|^listening on ||'
}
stub=$(start stub "$target/release/examples/stub_upstream" 127.0.0.1:0)
proxy=$(start proxy "$target/release/mpsd-handles" serve --listen 127.0.0.1:0 --upstream "$stub")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  upstream stub { server ${stub#http://}; keepalive 64; }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://stub;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
nginx -c "$work/nginx.conf"
sleep 0.5
worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
upstream_conns() { # upstream_conns PID: its established connections to the stub
  ss -Htnp state established "( dport = :${stub##*:} )" | grep -c "pid=$1," || true
}
body=tests/data/valid/invite.json
hz=$(getconf CLK_TCK)
echo "| run | nginx µs CPU/request | serve --upstream µs CPU/request | ratio | nginx req/s | serve req/s | upstream connections nginx, serve |"
echo "|---|---|---|---|---|---|---|"
for run in $(seq "$RUNS"); do
  row=()
  for target_name in nginx serve; do
    if [ $target_name = nginx ]; then addr="http://127.0.0.1:$port" pid=$worker; else addr=$proxy pid=$(cat "$work/proxy.pid"); fi
    t0=$(ticks "$pid")
    oha -n "$N" -c 64 --no-tui --output-format json -m POST \
      -H "content-type: application/json" -H "x-xbl-contract-version: 107" -D "$body" "$addr/handles" >"$work/$target_name.json"
    t1=$(ticks "$pid")
    row+=("$(( t1 - t0 ))" "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); c=r["statusCodeDistribution"]; assert c == {"201": int(sys.argv[2])}, c; print(round(r["summary"]["requestsPerSec"]))' "$work/$target_name.json" "$N")")
  done
  conns="$(upstream_conns "$worker"), $(upstream_conns "$(cat "$work/proxy.pid")")"
  python3 - "$run" "$N" "$hz" "${row[@]}" "$conns" <<'PY'
import sys
run, n, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
nt, nr, st, sr, conns = sys.argv[4:9]
us = lambda t: int(t) / hz / n * 1e6
print(f"| {run} | {us(nt):.1f} | {us(st):.1f} | {us(st) / us(nt):.2f}× | {int(nr):,} | {int(sr):,} | {conns} |")
PY
done
