# Shared by bench/run.sh and bench/ab-cpu.sh (sourced, from the repository root): the PostgreSQL
# schema the receiver is run against, the sink peers on loopback, and CPU accounting from /proc.

PORT=18080 SLACK_PORT=18081 SMTP_PORT=18025 IMAP_PORT=18143
TOKEN=bench-token
URL="http://127.0.0.1:$PORT/webhooks/paubox?token=$TOKEN"
PG=(psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -qtA)
POSTGRES_ENV=(SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=paubox_bench"
  SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= SPRING_FLYWAY_SCHEMAS=paubox_bench)
# The receiver's environment for the peers started by start_peers, with Slack's pace limit lifted.
SINKS_ENV=(SLACK_WEBHOOK_URL="http://127.0.0.1:$SLACK_PORT/slack" SMTP_HOST=127.0.0.1 SMTP_PORT=$SMTP_PORT
  SMTP_REQUIRE_TLS=false NOTIFY_EMAIL_FROM=receiver@example.com NOTIFY_EMAIL_TO=ops@example.com
  PAUBOX_SLACK_MIN_INTERVAL=0s)

# start <label> <jar> [VAR=value ...] [-- app args]: starts an app in its own directory under
# $WORK (a fresh ./data for H2), waits for readiness, sets READY_MS and JPID.
start() {
  local label=$1 jar=$2; shift 2
  local env=() args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do env+=("$1"); shift; done
  [ "${1:-}" = -- ] && shift && args=("$@")
  mkdir -p "$WORK/$label" && rm -rf "$WORK/$label/data"
  local began; began=$(date +%s%N)
  (cd "$WORK/$label" && exec env SERVER_PORT=$PORT PAUBOX_WEBHOOK_TOKEN=$TOKEN "${env[@]}" \
    java -jar "$jar" "${args[@]}" > "$WORK/$label.log" 2>&1) &
  JPID=$!
  until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$JPID" 2>/dev/null || { echo "$label did not start:" >&2; tail -20 "$WORK/$label.log" >&2; exit 1; }
    sleep 0.05
  done
  READY_MS=$(( ($(date +%s%N) - began) / 1000000 ))
}
stop() { kill "$JPID" 2>/dev/null || true; wait "$JPID" 2>/dev/null || true; }

fresh_schema() { "${PG[@]}" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS paubox_bench CASCADE" >/dev/null; }

# The backlog: events not yet routed, deliveries not yet finished (held for a digest included).
UNROUTED="FROM paubox_bench.webhook_events WHERE status IN ('RECEIVED','ROUTING')"
UNFINISHED="FROM paubox_bench.deliveries WHERE status IN ('PENDING','DELIVERING','FAILED','HELD','CARRIED')"
backlog() { "${PG[@]}" -c "SELECT (SELECT count(*) $UNROUTED) + (SELECT count(*) $UNFINISHED)"; }
drained() { # as backlog = 0, but cheap enough to ask every second (an index scan stops at the first row)
  [ "$("${PG[@]}" -c "SELECT NOT EXISTS (SELECT 1 $UNROUTED) AND NOT EXISTS (SELECT 1 $UNFINISHED)")" = t ]
}
wait_drained() { # up to $1 seconds; sets DRAIN_S
  local began; began=$(date +%s)
  until drained || [ $(( $(date +%s) - began )) -ge "$1" ]; do sleep 1; done
  DRAIN_S=$(( $(date +%s) - began ))
}

# The sink peers' jars (Maven Central) and OpenLoad, into target/bench.
fetch_peers() {
  mkdir -p target/bench
  [ -f target/bench/wiremock-standalone-3.13.2.jar ] || mvn -q -B -ntp dependency:copy -DoutputDirectory=target/bench \
    -Dartifact=org.wiremock:wiremock-standalone:3.13.2 >/dev/null
  [ -f target/bench/greenmail-standalone-2.1.5.jar ] || mvn -q -B -ntp dependency:copy -DoutputDirectory=target/bench \
    -Dartifact=com.icegreen:greenmail-standalone:2.1.5 >/dev/null
  javac -d target/bench bench/OpenLoad.java
}
# start_peers <log dir>: Slack (WireMock answering 200 ok at once) and SMTP (GreenMail, with IMAP
# to count what arrived) on loopback, in the background; sets SLACK_PEER_PID and SMTP_PEER_PID.
start_peers() {
  java -jar target/bench/wiremock-standalone-3.13.2.jar --port $SLACK_PORT --bind-address 127.0.0.1 \
    --container-threads 64 --disable-banner > "$1/wiremock.log" 2>&1 &
  SLACK_PEER_PID=$!
  java -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port=$SMTP_PORT -Dgreenmail.imap.hostname=127.0.0.1 \
    -Dgreenmail.imap.port=$IMAP_PORT -Dgreenmail.auth.disabled -jar target/bench/greenmail-standalone-2.1.5.jar \
    > "$1/greenmail.log" 2>&1 &
  SMTP_PEER_PID=$!
  until curl -sf "http://127.0.0.1:$SLACK_PORT/__admin/mappings" >/dev/null 2>&1; do sleep 0.2; done
  curl -sf -X POST "http://127.0.0.1:$SLACK_PORT/__admin/mappings" \
    -d '{"request":{"method":"POST","url":"/slack"},"response":{"status":200,"body":"ok"}}' >/dev/null
  until (exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT) 2>/dev/null; do sleep 0.2; done
}

# CPU time used so far, in clock ticks: ticks <pid...> (processes gone meanwhile count nothing),
# machine_idle (both cores, idle and I/O wait).
ticks() { local sum=0 pid; for pid in "$@"; do sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) )); done; echo "$sum"; }
machine_idle() { awk '/^cpu /{print $5 + $6}' /proc/stat; }
# PostgreSQL's processes as "pid ticks" lines; postgres_ticks_since <file>: ticks used since that
# snapshot by the processes alive now (a backend that started meanwhile counts from zero; one that
# ended meanwhile, such as this script's psql sessions, counts nothing).
postgres_snapshot() { local pid; for pid in $(pgrep -x postgres); do echo "$pid $(ticks "$pid")"; done; }
postgres_ticks_since() { postgres_snapshot | awk 'NR == FNR { before[$1] = $2; next } { sum += $2 - before[$1] } END { print sum + 0 }' "$1" -; }
per_event() { echo $(( ($2 - $1) * 10000 / $3 )); } # ticks before, after, events -> microseconds per event
field() { sed -E "s/.*[ ^]$1=([0-9.]+).*/\1/" <<<" $2"; } # field name "RESULT ..."

need_package() { # command package: installs package from the package manager when command is missing
  command -v "$1" >/dev/null && return
  echo "installing $2 from the package manager" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# Node-RED, the low-code way to the same job: bench/node-red/flows.json (http in -> a function
# node inserting with the pg module -> http response) into the baseline's table, from the npm
# registry into target/bench/node-red (once). start_node_red <log dir> sets JPID, as start does.
NODE_RED_VERSION=4.1.15 PG_MODULE_VERSION=8.16.3
fetch_node_red() {
  local dir=target/bench/node-red
  [ -x "$dir/node_modules/.bin/node-red" ] && [ -d "$dir/user/node_modules/pg" ] && return
  command -v npm >/dev/null || { echo "Node-RED needs Node.js and npm" >&2; return 1; }
  mkdir -p "$dir/user"
  npm install --silent --no-audit --no-fund --prefix "$dir" "node-red@$NODE_RED_VERSION" >/dev/null
  npm install --silent --no-audit --no-fund --prefix "$dir/user" "pg@$PG_MODULE_VERSION" >/dev/null
}
start_node_red() {
  local dir; dir=$(realpath target/bench/node-red)
  cp bench/node-red/flows.json bench/node-red/settings.js "$dir/user/"
  (cd "$dir/user" && exec env PORT=$PORT PAUBOX_WEBHOOK_TOKEN=$TOKEN NODE_RED_USER_DIR="$dir/user" \
    "$dir/node_modules/.bin/node-red" --settings "$dir/user/settings.js" > "$1/node-red.log" 2>&1) &
  JPID=$!
  local probe='{"event_name":"probe","payload":{"id":"probe"}}' began; began=$(date +%s)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "$probe" \
      "http://127.0.0.1:$PORT/webhooks/paubox?token=wrong")" = 401 ]; do
    kill -0 "$JPID" 2>/dev/null && [ $(( $(date +%s) - began )) -lt 120 ] || { echo "Node-RED did not start:" >&2; tail -20 "$1/node-red.log" >&2; exit 1; }
    sleep 0.2
  done
}
