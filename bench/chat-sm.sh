#!/usr/bin/env bash
# Chat between online members, with and without stream management (docs/BENCHMARKS.md). Loopback only.
#   bench/chat-sm.sh [PORT]
# Environment (defaults): PAIRS=500 RATES=5000,10000,20000,30000,40000 DURATION=10 MODES=sm,plain
#                         REQUEST_EVERY=5 HEAP="-Xms1g -Xmx1g" GC=-XX:+UseSerialGC SERVER_CPUS=0 LOAD_CPUS=1 TAG=
# REQUEST_EVERY sets c2s.sm-request-every. Each mode is a fresh set of 2×PAIRS streams; a ladder stops early once
# the server falls far behind.
# Needs: mvn -B -o -q -pl deploy -am package -DskipTests   (builds the server jar, its lib/ and the harness)
# Server (and its embedded PostgreSQL) on SERVER_CPUS, the load on LOAD_CPUS (taskset). Results:
# /tmp/starling-bench/chat-sm[-TAG]/ (server.log, gc.log, setup.txt, chat.txt).
set -euo pipefail
PORT=${1:-15252}
PAIRS=${PAIRS:-500}; RATES=${RATES:-5000,10000,20000,30000,40000}; DURATION=${DURATION:-10}; MODES=${MODES:-sm,plain}
REQUEST_EVERY=${REQUEST_EVERY:-5}
HEAP=${HEAP:--Xms1g -Xmx1g}; GC=${GC:--XX:+UseSerialGC}; SERVER_CPUS=${SERVER_CPUS:-0}; LOAD_CPUS=${LOAD_CPUS:-1}
cd "$(dirname "$0")/.."
ROOT=$PWD
[ -f deploy/target/starling-server.jar ] && [ -f deploy/target/test-classes/io/starling/server/bench/ChatThroughputHarness.class ] \
  || { echo "build first: mvn -B -o -q -pl deploy -am package -DskipTests"; exit 1; }
OUT=/tmp/starling-bench/chat-sm${TAG:+-$TAG}; rm -rf "$OUT"; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
CP=$ROOT/deploy/target/test-classes:$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*

. "$ROOT/bench/bench-config.sh"
bench_config "$OUT/starling.yaml" "$DATA" "$PORT"
sed -i "/^c2s:/a\\  sm-request-every: $REQUEST_EVERY" "$OUT/starling.yaml"

taskset -c "$SERVER_CPUS" java $HEAP $GC -Xlog:gc:file="$OUT/gc.log":uptime,timenanos -jar deploy/target/starling-server.jar \
    -c "$OUT/starling.yaml" > "$OUT/server.log" 2>&1 &
PID=$!
echo "$PID" > "$OUT/server.pid"
cleanup() {
  set +e
  kill "$PID" 2>/dev/null; for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  grep -q 'ready; stop with' "$OUT/server.log" && break; sleep 0.5
done
grep -q 'ready; stop with' "$OUT/server.log" || { echo "server did not start"; tail -20 "$OUT/server.log"; exit 1; }
load() { taskset -c "$LOAD_CPUS" java "$@"; }
{
  echo "server: $(grep -m1 'network transport' "$OUT/server.log" | sed 's/.* - //'); cpus $SERVER_CPUS; $HEAP $GC"
  echo "c2s.sm-request-every $REQUEST_EVERY; load: cpus $LOAD_CPUS, $PAIRS pairs, modes $MODES"
} | tee "$OUT/setup.txt"
load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" $((2 * PAIRS)) cm | tee -a "$OUT/setup.txt"
wait_quiet | tee -a "$OUT/setup.txt"
load -Xms1g -Xmx1g -XX:+UseSerialGC -Xlog:gc:file="$OUT/harness-gc.log":uptime,timenanos -cp "$CP" \
    io.starling.server.bench.ChatThroughputHarness "$PORT" "$PID" "$PAIRS" "$RATES" "$DURATION" "$MODES" 2>&1 \
    | tee "$OUT/chat.txt"
echo "server GC pauses: $(grep -c 'Pause' "$OUT/gc.log" || true)"
echo "server warnings and errors:"
grep -E ' (WARN|ERROR) ' "$OUT/server.log" | sed 's/^[0-9-]* [0-9:,]* //' | sort | uniq -c | sort -rn | head -5 || true
