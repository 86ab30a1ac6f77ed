#!/usr/bin/env bash
# CPU per event of one receiver build with every sink on, in one short run (about 2 minutes):
#
#   bench/cpu-probe.sh receiver.jar
#
# PostgreSQL (schema paubox_bench), Slack = WireMock, SMTP = GreenMail, on loopback, as
# bench/ab-cpu.sh with BENCH_AB_SINKS=on; warmed for 60 s at 300 events/s, then 30 s measured at
# that rate (plus 8 s to finish the deliveries). A quick check between two builds; for a claim,
# use bench/ab-cpu.sh, which takes turns and repeats.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { sed -n '4p' "$0" >&2; exit 2; }
JAR=$(realpath "$1")
source bench/lib.sh
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
"${PG[@]}" -c "SELECT 1" >/dev/null || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
fetch_peers
fresh_schema
start_peers "$WORK"
start probe "$JAR" "${POSTGRES_ENV[@]}" "${SINKS_ENV[@]}"
java -cp target/bench OpenLoad --url "$URL" --rate 300 --duration 60 --warmup 0 >/dev/null 2>&1
sleep 5
before=$(ticks "$JPID")
postgres_snapshot > "$WORK/postgres.ticks"
java -cp target/bench OpenLoad --url "$URL" --rate 300 --duration 30 --warmup 0 >/dev/null 2>&1
sleep 8
after=$(ticks "$JPID")
postgres=$(postgres_ticks_since "$WORK/postgres.ticks")
echo "$(basename "$JAR"): receiver $(per_event "$before" "$after" 9000) µs/event, PostgreSQL $(per_event 0 "$postgres" 9000) µs/event"
stop
