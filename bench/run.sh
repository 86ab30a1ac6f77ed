#!/usr/bin/env bash
# Intake benchmark: builds the jar, runs it against the default H2 and against PostgreSQL
# (127.0.0.1:5432), and once with the store switched off (the HTTP ceiling, a benchmark-only
# setting), drives POST /webhooks/paubox with wrk (closed model: 16, 64 and 256 connections)
# with unique events of the four kinds, and prints one table, also written to
# bench/results/latest.md. Kept out of mvn verify. Usage: bench/run.sh [seconds-per-step]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_STEP=${1:-10}
PORT=18080
TOKEN=bench-token
OUT=bench/results/latest.md
mkdir -p bench/results

if ! command -v wrk >/dev/null; then
  echo "installing wrk from the package manager" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
mvn -q -B -DskipTests package
JAR=$(ls target/paubox-event-router-*.jar | head -n 1)
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

start() { # $1 = label; rest = extra environment
  local label=$1; shift
  local began=$(date +%s%N)
  (cd "$WORK" && env SERVER_PORT=$PORT PAUBOX_WEBHOOK_TOKEN=$TOKEN "$@" java -jar "$OLDPWD/$JAR" > "$WORK/$label.log" 2>&1) &
  PID=$!
  until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; do sleep 0.05; done
  READY_MS=$(( ($(date +%s%N) - began) / 1000000 ))
  # the Java process, not the subshell
  JPID=$(pgrep -f "java -jar $OLDPWD/$JAR" | head -n 1)
}

stop() {
  kill "$JPID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
}

drive() { # $1 = connections
  wrk -t2 -c"$1" -d"${SECONDS_PER_STEP}s" -s bench/post-events.lua \
    "http://127.0.0.1:$PORT/webhooks/paubox?token=$TOKEN" | grep '^RESULT'
}

row() { # label, store, connections, RESULT line
  local requests duration errors p50 p99
  requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$4")
  duration=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$4")
  errors=$(sed -E 's/.*errors_status=([0-9]+).*/\1/' <<<"$4")
  p50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$4")
  p99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$4")
  printf '| %s | %s | %d | %.0f | %d | %s | %s |\n' "$1" "$2" "$3" \
    "$(echo "($requests - $errors) * 1000000 / $duration" | bc -l)" "$errors" "$p50" "$p99"
}

{
  echo "Run $(date -u +%FT%TZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load generator on the same machine."
  echo
  echo "| database | store | connections | accepted/s | non-2xx | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|---|---|"
} > "$OUT.tmp"

for db in h2 postgresql; do
  if [ "$db" = postgresql ]; then
    psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA IF EXISTS paubox_bench CASCADE" >/dev/null
    ENV=(SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=paubox_bench"
         SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= SPRING_FLYWAY_SCHEMAS=paubox_bench)
  else
    rm -rf "$WORK/data"
    ENV=()
  fi
  start "$db" "${ENV[@]}"
  echo "$db: ready in ${READY_MS} ms" >&2
  drive 16 >/dev/null # warm-up
  for c in 16 64 256; do
    row "$db" durable "$c" "$(drive "$c")" >> "$OUT.tmp"
  done
  RSS_MB=$(( $(ps -o rss= -p "$JPID") / 1024 ))
  echo "$db: ready in ${READY_MS} ms, resident memory after the run ${RSS_MB} MiB" >> "$OUT.notes"
  stop
done

# The HTTP ceiling: the same intake (auth, parse, validate, answer) with the store switched off.
start ceiling PAUBOX_BENCHMARK_STORE_EVENTS=false
drive 16 >/dev/null
for c in 16 64 256; do
  row "none (ceiling)" off "$c" "$(drive "$c")" >> "$OUT.tmp"
done
stop

{ cat "$OUT.tmp"; echo; cat "$OUT.notes"; } > "$OUT"
rm -f "$OUT.tmp" "$OUT.notes"
cat "$OUT"
