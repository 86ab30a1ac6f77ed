#!/usr/bin/env bash
# CPU per webhook of two receiver builds, back to back: the A/B test for a change.
#
#   bench/ab-cpu.sh A.jar B.jar [rounds]        (default 2 rounds: A B A B)
#
# Throughput in a closed model moves by up to 2x between runs on a shared 2-core machine; the CPU
# time spent per request at a fixed offered rate moves much less, and runs of A and B taken in
# turns share whatever the machine is doing. Two modes:
#
# - intake (default): the store off (paubox.inbox.write=off, the HTTP ceiling of bench/run.sh;
#   PAUBOX_INBOX_WRITE=group-commit with SPRING_DATASOURCE_* set measures the durable intake
#   instead). Each run is warmed with wrk for BENCH_AB_WARMUP seconds (default 50), then offered
#   BENCH_AB_RATE webhooks/s (default 2,000) with bench/OpenLoad.java three times for 15 s; it
#   prints the server's CPU time per webhook for each window.
# - BENCH_AB_SINKS=on: every sink on, as in the end-to-end step of bench/run.sh (PostgreSQL,
#   schema paubox_bench; Slack = WireMock, SMTP = GreenMail, on loopback). Each run is warmed at
#   BENCH_AB_RATE (default 300) for BENCH_AB_WARMUP seconds (default 120) and left to drain, then
#   offered that rate three times for 20 s, each window counted until every delivery is done; it
#   prints the CPU time per event of the receiver, PostgreSQL and each peer. B may be the
#   hand-written receiver (issue 21: CPU per stored webhook, routing and every sink on, against
#   the baseline's one insert per request):
#     BENCH_AB_SINKS=on BENCH_AB_RATE=1000 BENCH_AB_WARMUP=60 BASELINE_STORE=jdbc \
#       bench/ab-cpu.sh target/paubox-event-router-*.jar bench/baseline/target/baseline-*.jar 1
#
# - durable intake against the hand-written receiver (issue 21): with SPRING_DATASOURCE_URL set
#   (schema paubox_bench, recreated for each run), each window also counts PostgreSQL's CPU per
#   webhook, and waits until the receiver has routed everything it stored, so that the routing
#   it left for later counts too. B may be the baseline's store mode:
#     PAUBOX_INBOX_WRITE=group-commit BASELINE_STORE=jdbc SPRING_DATASOURCE_USERNAME=postgres \
#     SPRING_DATASOURCE_URL='jdbc:postgresql://127.0.0.1:5432/test?currentSchema=paubox_bench' \
#     SPRING_FLYWAY_SCHEMAS=paubox_bench bench/ab-cpu.sh target/paubox-event-router-*.jar \
#       bench/baseline/target/baseline-*.jar
#   With BENCH_AB_ROUTING=held as well, the receiver stores each webhook for the sweeper and the
#   sweeper does not run (PAUBOX_INBOX_BUSYAT=1, PAUBOX_DELIVERY_POLLINTERVAL=1h): the windows count
#   the intake alone, the same job as the baseline's, with nothing routed.
#
# The last windows of each run are the warmest to compare. Extra environment passes through to
# both servers. Uses ports 18080 (and 18081, 18025, 18143 for the peers).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,4p' "$0" >&2; exit 2; }
A=$(realpath "$1") B=$(realpath "$2") ROUNDS=${3:-2}
source bench/lib.sh
SINKS=${BENCH_AB_SINKS:-off}
[ "$SINKS" = on ] || need_package wrk wrk
mkdir -p target/bench
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

if [ "$SINKS" = on ]; then
  "${PG[@]}" -c "SELECT 1" >/dev/null || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
  fetch_peers
  start_peers "$WORK"
  RATE=${BENCH_AB_RATE:-300} WARM=${BENCH_AB_WARMUP:-120}
  SERVER_ENV=("${POSTGRES_ENV[@]}" "${SINKS_ENV[@]}")
else
  [ -f target/bench/OpenLoad.class ] || javac -d target/bench bench/OpenLoad.java
  RATE=${BENCH_AB_RATE:-2000} WARM=${BENCH_AB_WARMUP:-50}
  SERVER_ENV=(PAUBOX_INBOX_WRITE="${PAUBOX_INBOX_WRITE:-off}" PAUBOX_INBOX_BENCHMARKUNSTOREDANSWERS=true)
fi
DURABLE=no
[ "$SINKS" != on ] && [ -n "${SPRING_DATASOURCE_URL:-}" ] && DURABLE=yes
ROUTING=${BENCH_AB_ROUTING:-on}
case "$ROUTING" in
  on) ;;
  held) [ "$DURABLE" = yes ] || { echo "BENCH_AB_ROUTING=held needs the durable intake (SPRING_DATASOURCE_URL)" >&2; exit 2; }
        SERVER_ENV+=(PAUBOX_INBOX_BUSYAT=1 PAUBOX_DELIVERY_POLLINTERVAL=1h) ;;
  *) echo "BENCH_AB_ROUTING is on or held, not $ROUTING" >&2; exit 2 ;;
esac

offer() { # seconds -> OpenLoad's RESULT line
  java -cp target/bench OpenLoad --url "$URL" --rate "$RATE" --duration "$1" --warmup 0 2>/dev/null
}

# Waits until the receiver has routed what it stored (nothing to wait for with the baseline, which has no router).
routed_all() {
  [ "$ROUTING" = held ] && return 0
  [ "$("${PG[@]}" -c "SELECT to_regclass('paubox_bench.webhook_events') IS NOT NULL")" = t ] && wait_drained 600
  return 0
}

measure() { # label jar
  if [ "$SINKS" = on ] || [ "$DURABLE" = yes ]; then
    fresh_schema
    "${PG[@]}" -c "CREATE SCHEMA paubox_bench" >/dev/null
  fi
  start "$1" "$2" "${SERVER_ENV[@]}"
  local line="" i result n
  if [ "$SINKS" = on ]; then
    offer "$WARM" >/dev/null
    routed_all
    for i in 1 2 3; do
      postgres_snapshot > "$WORK/postgres.ticks"
      local before=($(ticks "$JPID") $(ticks "$SLACK_PEER_PID") $(ticks "$SMTP_PEER_PID"))
      result=$(offer 20)
      routed_all
      n=$(field requests "$result")
      line+=" [receiver $(per_event "${before[0]}" "$(ticks "$JPID")" "$n"), PostgreSQL $(( $(postgres_ticks_since "$WORK/postgres.ticks") * 10000 / n )),"
      line+=" Slack peer $(per_event "${before[1]}" "$(ticks "$SLACK_PEER_PID")" "$n"), SMTP peer $(per_event "${before[2]}" "$(ticks "$SMTP_PEER_PID")" "$n")]"
    done
  else
    for ((s = 0; s < WARM; s += 10)); do wrk -t2 -c64 -d10s -s bench/post-events.lua "$URL" >/dev/null; done
    for i in 1 2 3; do
      if [ "$DURABLE" = yes ]; then
        routed_all
        postgres_snapshot > "$WORK/postgres.ticks"
      fi
      local before; before=$(ticks "$JPID")
      result=$(offer 15)
      n=$(field requests "$result")
      if [ "$DURABLE" = yes ]; then
        routed_all
        line+=" [server $(per_event "$before" "$(ticks "$JPID")" "$n"), PostgreSQL $(( $(postgres_ticks_since "$WORK/postgres.ticks") * 10000 / n ))]"
      else
        line+=" $(per_event "$before" "$(ticks "$JPID")" "$n")"
      fi
    done
  fi
  stop
  echo "$1 CPU µs per webhook:$line"
}

for ((r = 1; r <= ROUNDS; r++)); do
  measure A "$A"
  measure B "$B"
done
