#!/usr/bin/env bash
# CPU per webhook of two receiver builds, back to back: the A/B test for a change to the intake.
#
#   bench/ab-cpu.sh A.jar B.jar [rounds]        (default 2 rounds: A B A B)
#
# Throughput in a closed model moves by up to 2x between runs on a shared 2-core machine; the CPU
# time a server spends per request at a fixed offered rate moves much less, and runs of A and B
# taken in turns share whatever the machine is doing. Each run starts the jar with the store off
# (paubox.inbox.write=off, the HTTP ceiling of bench/run.sh; PAUBOX_INBOX_WRITE=group-commit with
# SPRING_DATASOURCE_* set measures the durable intake instead), warms it with wrk for
# BENCH_AB_WARMUP seconds (default 50), then offers BENCH_AB_RATE webhooks/s (default 2,000) with
# bench/OpenLoad.java three times for 15 s, and prints the server's CPU time per webhook (from
# /proc) for each; the last two of each run are the warm ones to compare. Extra environment for
# both servers passes through (for example SPRING_DATASOURCE_URL). Uses port 18080.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,4p' "$0" >&2; exit 2; }
A=$(realpath "$1") B=$(realpath "$2") ROUNDS=${3:-2}
PORT=18080 URL="http://127.0.0.1:18080/webhooks/paubox?token=bench-token"
command -v wrk >/dev/null || { echo "wrk is needed (bench/run.sh installs it)" >&2; exit 1; }
mkdir -p target/bench
[ -f target/bench/OpenLoad.class ] || javac -d target/bench bench/OpenLoad.java
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

measure() { # label jar
  (cd "$WORK" && exec env SERVER_PORT=$PORT PAUBOX_WEBHOOK_TOKEN=bench-token \
    PAUBOX_INBOX_WRITE="${PAUBOX_INBOX_WRITE:-off}" java -jar "$2" > "$WORK/$1.log" 2>&1) &
  local pid=$!
  until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/$1.log" >&2; exit 1; }
    sleep 0.2
  done
  local warm=${BENCH_AB_WARMUP:-50} line=""
  for ((s = 0; s < warm; s += 10)); do wrk -t2 -c64 -d10s -s bench/post-events.lua "$URL" >/dev/null; done
  for i in 1 2 3; do
    local before after result n
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    result=$(java -cp target/bench OpenLoad --url "$URL" --rate "${BENCH_AB_RATE:-2000}" --duration 15 --warmup 0 2>/dev/null)
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$result")
    line+=" $(( (after - before) * 10000 / n ))"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$1 CPU us per webhook:$line"
}

for ((r = 1; r <= ROUNDS; r++)); do
  measure A "$A"
  measure B "$B"
done
