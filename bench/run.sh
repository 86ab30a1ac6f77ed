#!/usr/bin/env bash
# The receiver's benchmark, kept out of mvn verify. One command, one table:
#
#   bench/run.sh [seconds-per-step]        (default 10; the end-to-end phase always runs 60 s)
#   BENCH_ONLY=e2e bench/run.sh              (the end-to-end phase alone, e.g. to compare
#                                            ALERTS_DIGEST_ENABLED=false with the default)
#
# It builds the receiver and bench/baseline (a plain Spring MVC app doing the same parsing), then:
#   1. start: time from process start to ready, receiver vs the minimal Spring Boot web app, each
#      run both as built (java -jar) and as README's "Starting faster" deploys it (the jar
#      extracted, with a class data sharing archive from one training run);
#   2. intake, closed model (wrk, 16/64/256 connections): the receiver on PostgreSQL with group
#      commit (the default), with one insert per request (paubox.inbox.write=per-request), and on
#      the default H2; the HTTP ceiling (the same intake with the store off, paubox.inbox.write=off);
#      the plain Spring MVC endpoint, and that endpoint storing each webhook with one insert per
#      request (bench/baseline with BASELINE_STORE=jdbc: the receiver a user would write by hand),
#      and Node-RED doing the same (bench/node-red, from the npm registry; skipped without npm);
#   3. acknowledgement latency, open model (bench/OpenLoad.java at 500/1,000/2,000 events/s);
#   4. end to end for 60 s at 1,200 events/s (BENCH_E2E_RATE) with Slack (WireMock) and SMTP
#      (GreenMail) peers on loopback answering at once and the Slack pace limit lifted: every sink
#      counted, backlog sampled. Offered above 1,000/s on purpose: the sustained rate is counted
#      from the first receipt to the last delivery, so a run offered 1,000/s can show at most
#      that, whatever the receiver could do;
#   5. resident memory after the run.
# Each server is measured warm: loaded in 10 s rounds until the JIT's compile queue has been empty
# twice in a row (BENCH_WARMUP_SECONDS, default 60, to BENCH_WARMUP_MAX, default 300).
# Writes bench/results/latest.md and bench/results/latency.png (gnuplot). Needs PostgreSQL on
# 127.0.0.1:5432 (user postgres, database test; schema paubox_bench is dropped and recreated).
# wrk and gnuplot come from the package manager, the peers from Maven Central, if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
STEP=${1:-10}
E2E_SECONDS=${BENCH_E2E_SECONDS:-60}
E2E_RATE=${BENCH_E2E_RATE:-1200}
RATES=${BENCH_RATES:-"500 1000 2000"}
OPEN_SECONDS=${BENCH_OPEN_SECONDS:-20}
source bench/lib.sh
RESULTS=bench/results
ONLY=${BENCH_ONLY:-all}
# The end-to-end phase alone goes to a file of its own, beside the full run's.
OUT=$RESULTS/$([ "$ONLY" = e2e ] && echo e2e-$([ "${ALERTS_DIGEST_ENABLED:-true}" = false ] && echo digests-off || echo digests-on) || echo latest).md
mkdir -p "$RESULTS" target/bench
WORK=$(mktemp -d)
cleanup() { pkill -f "$WORK" 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

need_package wrk wrk
need_package gnuplot gnuplot-nox
"${PG[@]}" -c "SELECT 1" >/dev/null || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }

echo "building" >&2
mvn -q -B -ntp -DskipTests package
[ "$ONLY" = e2e ] || mvn -q -B -ntp -f bench/baseline/pom.xml -DskipTests package
fetch_peers
RECEIVER_JAR=$PWD/$(ls target/paubox-event-router-*.jar | head -n 1)
[ "$ONLY" = e2e ] || BASELINE_JAR=$PWD/$(ls bench/baseline/target/baseline-*.jar | head -n 1)

# Measure steady state, as a long-running server is: on 2 cores, with the load generator on one,
# the JIT takes 1-3 minutes of load to compile the hot paths (its queue holds hundreds of methods
# meanwhile), and a server measured before that runs at a third to a half of its speed. Load it in
# 10 s rounds until the JIT's queue has been empty at two checks in a row (at least
# BENCH_WARMUP_SECONDS, at most BENCH_WARMUP_MAX); WARM_S says how long it took.
jit_queue() { # methods waiting for the JIT in $JPID; 999 when jcmd cannot tell
  # Only a JVM is asked: jcmd's attach signal (SIGQUIT) ends any other process, Node-RED's too.
  [ "$(cat "/proc/$JPID/comm" 2>/dev/null)" = java ] || { echo 999; return; }
  local q; q=$(jcmd "$JPID" Compiler.queue 2>/dev/null) || { echo 999; return; }
  grep -q 'compile queue' <<<"$q" || { echo 999; return; }
  grep -c '^[0-9]' <<<"$q" || true
}
jit_settled() { # true once the queue was empty at this check and the one before
  local q; q=$(jit_queue)
  if [ "$q" -le 2 ]; then QUIET=$(( ${QUIET:-0} + 1 )); else QUIET=0; fi
  [ "$QUIET" -ge 2 ]
}
warm_rounds() { # command that loads the server for 10 s, run until the JIT has settled
  local began; began=$(date +%s); QUIET=0
  while :; do
    "$@" >/dev/null 2>&1
    WARM_S=$(( $(date +%s) - began ))
    [ "$WARM_S" -ge "${BENCH_WARMUP_MAX:-300}" ] && break
    jit_settled && [ "$WARM_S" -ge "${BENCH_WARMUP_SECONDS:-60}" ] && break
  done
  echo "  warm after ${WARM_S} s" >&2
}
# Closed model: as many webhooks as the server takes.
warm_up() { warm_rounds wrk -t2 -c64 -d10s -s bench/post-events.lua "$URL"; }
# Open model, at a rate: routing and delivery code gets compiled too, and the backlog it leaves
# stays small enough to drain before the measurement.
warm_up_at() { warm_rounds java -cp target/bench OpenLoad --url "$URL" --rate "$1" --duration 10 --warmup 0; }
rss_mib() { echo $(( $(ps -o rss= -p "$JPID") / 1024 )); }

wrk_step() { # connections -> "accepted/s non2xx p50 p99"
  local r; r=$(wrk -t2 -c"$1" -d"${STEP}s" -s bench/post-events.lua "$URL" | grep '^RESULT')
  local n; n=$(field requests "$r"); local e; e=$(field errors_status "$r")
  printf '%.0f %s %s %s\n' "$(bc -l <<<"($n - $e) * 1000000 / $(field duration_us "$r")")" "$e" \
    "$(field p50_ms "$r")" "$(field p99_ms "$r")"
}

declare -A RATE
closed_model() { # label, then rows are appended to CLOSED
  local label=$1
  warm_up # the JIT compiles the hot paths during the first seconds of load
  for c in 16 64 256; do
    read -r rate errors p50 p99 < <(wrk_step "$c")
    RATE[$label,$c]=$rate
    CLOSED+="| $label | $c | $rate | $errors | $p50 | $p99 |"$'\n'
    echo "  $label c=$c: $rate/s" >&2
  done
}

if [ "$ONLY" != e2e ]; then
# 1. Start time (median of BENCH_START_RUNS, default 3), H2 default for the receiver.
START_RUNS=${BENCH_START_RUNS:-3}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "start time" >&2
boot=() receiver=()
for ((i = 0; i < START_RUNS; i++)); do
  start baseline "$BASELINE_JAR"; boot+=("$READY_MS"); stop
  start receiver "$RECEIVER_JAR"; receiver+=("$READY_MS"); stop
done
BOOT_MS=$(median "${boot[@]}") RECEIVER_MS=$(median "${receiver[@]}")
# The same two, extracted (java -Djarmode=tools extract) and started with a CDS archive written
# by a training run that stops once the context has refreshed (Spring Boot's documented way).
cds_prepare() { # jar dir -> sets CDS_JAR, the extracted jar, with dir/app.jsa beside it
  rm -rf "$2" && java -Djarmode=tools -jar "$1" extract --destination "$2" >/dev/null
  CDS_JAR=$(ls "$2"/*.jar | head -n 1)
  (cd "$2" && env SERVER_PORT=$PORT PAUBOX_WEBHOOK_TOKEN=$TOKEN java -XX:ArchiveClassesAtExit=app.jsa \
    -Dspring.context.exit=onRefresh -jar "$CDS_JAR" > training.log 2>&1)
  [ -f "$2/app.jsa" ] || { echo "no CDS archive from $1:" >&2; tail -20 "$2/training.log" >&2; exit 1; }
}
cds_prepare "$BASELINE_JAR" "$WORK/cds-baseline"; BASELINE_CDS=$CDS_JAR
cds_prepare "$RECEIVER_JAR" "$WORK/cds-receiver"; RECEIVER_CDS=$CDS_JAR
boot_cds=() receiver_cds=()
for ((i = 0; i < START_RUNS; i++)); do
  start baseline "$BASELINE_CDS" JAVA_TOOL_OPTIONS="-XX:SharedArchiveFile=$WORK/cds-baseline/app.jsa"; boot_cds+=("$READY_MS"); stop
  start receiver "$RECEIVER_CDS" JAVA_TOOL_OPTIONS="-XX:SharedArchiveFile=$WORK/cds-receiver/app.jsa"; receiver_cds+=("$READY_MS"); stop
done
BOOT_CDS_MS=$(median "${boot_cds[@]}") RECEIVER_CDS_MS=$(median "${receiver_cds[@]}")
echo "  start: receiver $RECEIVER_MS ms, minimal $BOOT_MS ms; extracted with CDS: receiver $RECEIVER_CDS_MS ms, minimal $BOOT_CDS_MS ms" >&2

# 2. Closed model.
CLOSED=""
echo "closed model" >&2
fresh_schema
start pg-group "$RECEIVER_JAR" "${POSTGRES_ENV[@]}"
closed_model "receiver, PostgreSQL, group commit"
PG_RSS=$(rss_mib); stop
fresh_schema
start pg-single "$RECEIVER_JAR" "${POSTGRES_ENV[@]}" PAUBOX_INBOX_WRITE=per-request
closed_model "receiver, PostgreSQL, one insert per request"
stop
start h2 "$RECEIVER_JAR"
closed_model "receiver, H2, group commit"
H2_RSS=$(rss_mib); stop
start ceiling "$RECEIVER_JAR" PAUBOX_INBOX_WRITE=off PAUBOX_INBOX_BENCHMARKUNSTOREDANSWERS=true
closed_model "receiver, store off (HTTP ceiling)"
stop
start mvc "$BASELINE_JAR"
closed_model "plain Spring MVC, same parsing"
stop
# The receiver a user would write by hand: the same controller, one insert per request before the
# answer (bench/baseline, BASELINE_STORE=jdbc), Hikari defaults, into a table of the inbox's shape.
fresh_schema; "${PG[@]}" -c "CREATE SCHEMA paubox_bench" >/dev/null
start mvc-store "$BASELINE_JAR" "${POSTGRES_ENV[@]}" BASELINE_STORE=jdbc
closed_model "plain Spring MVC, one insert per request (hand-written)"
stop
# Node-RED, the low-code way to the same job (bench/node-red: http in -> a function node inserting
# with pg -> http response), into the same table. Warmed for BENCH_WARMUP_SECONDS: V8 has no
# compile queue that jcmd can watch.
NODE_RED="Node-RED $NODE_RED_VERSION, one insert per request"
if fetch_node_red; then
  fresh_schema; "${PG[@]}" -c "CREATE SCHEMA paubox_bench" >/dev/null
  "${PG[@]}" -c "SET client_min_messages = warning; SET search_path = paubox_bench; $(grep -v '^--' bench/baseline/src/main/resources/schema.sql)" >/dev/null
  start_node_red "$WORK"
  BENCH_WARMUP_MAX=${BENCH_WARMUP_SECONDS:-60} closed_model "$NODE_RED"
  stop
fi

# 3. Open model: acknowledgement latency at fixed offered rates, PostgreSQL, group commit.
echo "open model" >&2
OPEN="" ; : > "$RESULTS/latency.dat"
fresh_schema
start pg-open "$RECEIVER_JAR" "${POSTGRES_ENV[@]}"
warm_up_at 1000
for rate in $RATES; do
  wait_drained 300 # each rate starts with nothing left to route
  r=$(java -cp target/bench OpenLoad --url "$URL" --rate "$rate" --duration "$OPEN_SECONDS" --warmup 3 2>/dev/null)
  OPEN+="| $rate | $(field achieved "$r") | $(field non2xx "$r") | $(field errors "$r") | $(field p50_ms "$r") | $(field p99_ms "$r") | $(field p999_ms "$r") |"$'\n'
  echo "$rate $(field p50_ms "$r") $(field p99_ms "$r") $(field p999_ms "$r")" >> "$RESULTS/latency.dat"
  echo "  $rate/s offered: $r" >&2
done
stop

fi

# 4. End to end: every sink on loopback, answering at once.
echo "end to end" >&2
start_peers "$WORK"
fresh_schema
start pg-e2e "$RECEIVER_JAR" "${POSTGRES_ENV[@]}" "${SINKS_ENV[@]}"
emails() { curl -s "imap://127.0.0.1:$IMAP_PORT/INBOX" -u "ops@example.com:x" -X "STATUS INBOX (MESSAGES)" \
  | sed -E 's/.*MESSAGES ([0-9]+).*/\1/' | tr -d '\r'; }
# Warm-up with every sink on (routing and delivery code compiled too, as in warm_up), then count
# only what the measured run sends.
warm_up_at "$(( E2E_RATE / 2 ))"
wait_drained 600
FIRST_ID=$("${PG[@]}" -c "SELECT coalesce(max(id), 0) FROM paubox_bench.webhook_events")
curl -sf -X DELETE "http://127.0.0.1:$SLACK_PORT/__admin/requests" >/dev/null
EMAILS_BEFORE=$(emails)
# Where the machine's CPU goes, from the first webhook to the last delivery: per event, in the
# receiver, PostgreSQL, the two peers and the load generator.
E2E_T0=$(date +%s%N)
postgres_snapshot > "$WORK/postgres.ticks"
CPU_BEFORE=($(ticks "$JPID") 0 $(ticks "$SLACK_PEER_PID") $(ticks "$SMTP_PEER_PID") $(machine_idle))
java -cp target/bench OpenLoad --url "$URL" --rate "$E2E_RATE" --duration "$E2E_SECONDS" --warmup 0 \
  > "$WORK/e2e.result" 2>/dev/null &
LOAD=$!
SAMPLES=()
for ((t = 10; t <= E2E_SECONDS; t += 10)); do sleep 10; SAMPLES+=("$t s: $(backlog)"); done
wait "$LOAD"
E2E_LOAD=$(cat "$WORK/e2e.result")
wait_drained 300
E2E_T1=$(date +%s%N)
CPU_AFTER=($(ticks "$JPID") $(postgres_ticks_since "$WORK/postgres.ticks") $(ticks "$SLACK_PEER_PID") $(ticks "$SMTP_PEER_PID") $(machine_idle))
sleep 2
read -r EVENTS SLACK_EXPECTED EMAIL_EXPECTED TICKET_EXPECTED < <("${PG[@]}" -F' ' -c "
  SELECT count(*),
    count(*) FILTER (WHERE event_name IN ('api_mail_log_permanent_failure','api_mail_log_temporary_failure')),
    count(*) FILTER (WHERE event_name = 'api_mail_log_opened'),
    count(*) FILTER (WHERE event_name IN ('api_mail_log_permanent_failure','api_mail_log_delivered'))
  FROM paubox_bench.webhook_events WHERE id > $FIRST_ID")
# The sustained rate: events over the time from the first receipt to the last delivery, an alert
# held for a digest apart (it goes when its window closes, by design); digests: how many were
# sent, carrying how many alerts.
read -r SLACK_DB EMAIL_DB TICKET_DB NOT_DELIVERED E2E_RATE_DONE TICKET_P50 TICKET_P99 DIGESTED < <("${PG[@]}" -F' ' -c "
  SELECT count(*) FILTER (WHERE d.sink = 'slack-alert' AND d.status = 'DELIVERED'),
    count(*) FILTER (WHERE d.sink = 'email-notify' AND d.status = 'DELIVERED'),
    count(*) FILTER (WHERE d.sink IN ('ticket-store','ticket-resolve') AND d.status = 'DELIVERED'),
    count(*) FILTER (WHERE d.status <> 'DELIVERED'),
    round(count(DISTINCT d.event_id)
      / extract(epoch FROM max(d.delivered_at) FILTER (WHERE d.digest_id IS NULL) - min(e.received_at))::numeric, 0),
    round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - e.received_at))
      FILTER (WHERE d.sink = 'ticket-store')::numeric, 1),
    round(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - e.received_at))
      FILTER (WHERE d.sink = 'ticket-store')::numeric, 1),
    count(*) FILTER (WHERE d.digest_id IS NOT NULL)
  FROM paubox_bench.deliveries d JOIN paubox_bench.webhook_events e ON e.id = d.event_id WHERE e.id > $FIRST_ID")
DIGESTS=$("${PG[@]}" -c "SELECT count(*) FROM paubox_bench.alert_digests WHERE status = 'SENT'")
SLACK_PEER=$(curl -sf -X POST "http://127.0.0.1:$SLACK_PORT/__admin/requests/count" \
  -d '{"method":"POST","url":"/slack"}' | tr -d ' \n' | sed -E 's/.*"count":([0-9]+).*/\1/')
EMAIL_PEER=$(( $(emails) - EMAILS_BEFORE ))
CPU_PER_EVENT="receiver $(per_event "${CPU_BEFORE[0]}" "${CPU_AFTER[0]}" "$EVENTS"), PostgreSQL $(per_event "${CPU_BEFORE[1]}" "${CPU_AFTER[1]}" "$EVENTS"),"
CPU_PER_EVENT+=" Slack peer $(per_event "${CPU_BEFORE[2]}" "${CPU_AFTER[2]}" "$EVENTS"), SMTP peer $(per_event "${CPU_BEFORE[3]}" "${CPU_AFTER[3]}" "$EVENTS"),"
CPU_PER_EVENT+=" load generator $(( $(field cpu_ms "$E2E_LOAD") * 1000 / EVENTS ));"
# idle ticks / (cores x 100 ticks a second x seconds), as a percentage
CPU_PER_EVENT+=" machine idle $(( (CPU_AFTER[4] - CPU_BEFORE[4]) * 100 * 1000000000 / ( $(nproc) * 100 * (E2E_T1 - E2E_T0) ) )) %"
E2E_RSS=$(rss_mib)
stop

# The table.
ratio() { [ -n "$2" ] && [ "$2" != 0 ] || { echo n/a; return; }; bc -l <<<"scale=2; $1 / $2" | sed "s/^\./0./"; }
{
  echo "Run $(date -u +%FT%TZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1);"
  echo "load generator, PostgreSQL $("${PG[@]}" -c 'SHOW server_version') (synchronous_commit $("${PG[@]}" -c 'SHOW synchronous_commit'), autovacuum $("${PG[@]}" -c 'SHOW autovacuum')) and peers on the same machine."
  echo "Reproduce: \`$([ "$ONLY" = e2e ] && echo "BENCH_ONLY=e2e ")$([ "${ALERTS_DIGEST_ENABLED:-true}" = false ] && echo "ALERTS_DIGEST_ENABLED=false ")bench/run.sh $STEP\`."
  echo
  if [ "$ONLY" != e2e ]; then
  DURABLE=${RATE["receiver, PostgreSQL, group commit",64]}
  echo "**Intake, closed model** (wrk, $STEP s per step, unique events of the four kinds)"
  echo
  echo "| server | connections | accepted/s | non-2xx | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$CLOSED"
  echo
  echo "At 64 connections: durable intake (PostgreSQL, group commit) = $(ratio "$DURABLE" "${RATE["receiver, store off (HTTP ceiling)",64]}") x the HTTP ceiling,"
  echo "$(ratio "$DURABLE" "${RATE["plain Spring MVC, one insert per request (hand-written)",64]}") x the hand-written receiver (one insert per request),"
  echo "$(ratio "$DURABLE" "${RATE["receiver, PostgreSQL, one insert per request",64]}") x the receiver's own per-request mode,"
  echo "$(ratio "$DURABLE" "${RATE["$NODE_RED",64]:-}") x Node-RED;"
  echo "HTTP ceiling = $(ratio "${RATE["receiver, store off (HTTP ceiling)",64]}" "${RATE["plain Spring MVC, same parsing",64]}") x the plain Spring MVC endpoint."
  echo
  echo "**Acknowledgement latency, open model** (bench/OpenLoad.java, PostgreSQL, group commit, $OPEN_SECONDS s per rate; latency counted from each request's due time)"
  echo
  echo "| offered/s | achieved/s | non-2xx | errors | p50 ms | p99 ms | p99.9 ms |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$OPEN"
  echo
  fi
  echo "**End to end** ($E2E_SECONDS s offered at $E2E_RATE events/s, PostgreSQL; Slack = WireMock, SMTP = GreenMail, on loopback)"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| load | $(sed -E 's/^RESULT //' <<<"$E2E_LOAD") |"
  echo "| events stored | $EVENTS |"
  echo "| backlog (events unrouted + deliveries unfinished) | ${SAMPLES[*]/%/;} drained $DRAIN_S s after the load stopped |"
  echo "| sustained rate, first receipt to last delivery (alerts held for digests apart) | $E2E_RATE_DONE events/s |"
  echo "| Slack: expected / delivered (table) / messages received (WireMock) | $SLACK_EXPECTED / $SLACK_DB / $SLACK_PEER |"
  echo "| digests (ALERTS_DIGEST_ENABLED=${ALERTS_DIGEST_ENABLED:-true}): sent / alerts they carried | $DIGESTS / $DIGESTED |"
  echo "| email: expected / delivered (table) / received (GreenMail) | $EMAIL_EXPECTED / $EMAIL_DB / $EMAIL_PEER |"
  echo "| tickets: expected / delivered | $TICKET_EXPECTED / $TICKET_DB |"
  echo "| deliveries not DELIVERED | $NOT_DELIVERED |"
  echo "| receipt to ticket row, p50 / p99 | $TICKET_P50 ms / $TICKET_P99 ms |"
  echo "| CPU per event in µs, first webhook to last delivery | $CPU_PER_EVENT |"
  echo
  if [ "$ONLY" != e2e ]; then
  echo "**Start and memory** (median of $START_RUNS starts each, receiver on H2)"
  echo
  echo "| started as | receiver ms | minimal Spring Boot web app ms | ratio | receiver vs minimal app as built |"
  echo "|---|---|---|---|---|"
  echo "| built (\`java -jar\`) | $RECEIVER_MS | $BOOT_MS | $(ratio "$RECEIVER_MS" "$BOOT_MS") x | $(ratio "$RECEIVER_MS" "$BOOT_MS") x |"
  echo "| extracted, CDS archive | $RECEIVER_CDS_MS | $BOOT_CDS_MS | $(ratio "$RECEIVER_CDS_MS" "$BOOT_CDS_MS") x | $(ratio "$RECEIVER_CDS_MS" "$BOOT_MS") x |"
  echo
  echo "Resident memory after the closed-model run: PostgreSQL $PG_RSS MiB,"
  echo "H2 $H2_RSS MiB; after the end-to-end run $E2E_RSS MiB."
  else
  echo "Resident memory after the end-to-end run: $E2E_RSS MiB."
  fi
} > "$OUT"
[ "$ONLY" = e2e ] && { cat "$OUT"; exit 0; }

gnuplot <<EOF
set terminal pngcairo size 800,480 noenhanced
set output "$RESULTS/latency.png"
set title "Acknowledgement latency vs offered rate (open model, PostgreSQL, group commit)"
set xlabel "offered events/s"
set ylabel "latency (ms)"
set logscale y
set grid
set key top left
plot "$RESULTS/latency.dat" using 1:2 with linespoints title "p50", \
     "" using 1:3 with linespoints title "p99", \
     "" using 1:4 with linespoints title "p99.9"
EOF
cat "$OUT"
