#!/usr/bin/env bash
# Browser transports (docs/BENCHMARKS.md): idle BOSH sessions (memory per session) and BOSH / WebSocket message
# round trips. Loopback only; every wait is bounded.
#   bench/web.sh [HTTP_PORT]
# Environment (defaults): N=5000 RATE=300 IDLE_S=20 COUNT=20000 HEAP="-Xms512m -Xmx512m -XX:+AlwaysPreTouch"
#                         GC=-XX:+UseSerialGC SERVER_CPUS=0 LOAD_CPUS=1 PARTS=idle,latency
# Needs: mvn -B -o -q -pl deploy -am package -DskipTests   (builds the server jar, its lib/ and the harnesses)
# Server (and its embedded PostgreSQL) on SERVER_CPUS, the load on LOAD_CPUS (taskset). Results:
# /tmp/starling-bench/web/ (server.log, users.txt, idle.txt, latency-*.txt, result.txt).
set -euo pipefail
HTTP_PORT=${1:-15280}; C2S_PORT=$((HTTP_PORT + 1))
N=${N:-5000}; RATE=${RATE:-300}; IDLE_S=${IDLE_S:-20}; COUNT=${COUNT:-20000}; PARTS=${PARTS:-idle,latency}
HEAP=${HEAP:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}; GC=${GC:--XX:+UseSerialGC}
SERVER_CPUS=${SERVER_CPUS:-0}; LOAD_CPUS=${LOAD_CPUS:-1}
cd "$(dirname "$0")/.."
ROOT=$PWD
[ -f deploy/target/starling-server.jar ] && [ -f deploy/target/test-classes/io/starling/server/bench/BoshIdleHarness.class ] \
  || { echo "build first: mvn -B -o -q -pl deploy -am package -DskipTests"; exit 1; }
OUT=/tmp/starling-bench/web; rm -rf "$OUT"; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
CP=$ROOT/deploy/target/test-classes:$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*

. "$ROOT/bench/bench-config.sh"
bench_config "$OUT/starling.yaml" "$DATA" "$C2S_PORT"
cat >> "$OUT/starling.yaml" <<YAML
gateway:
  bind-address: 127.0.0.1
  port: $HTTP_PORT
  tls-port: 0
  internal-port: 0
YAML
start_server "$OUT" $HEAP $GC
load() { taskset -c "$LOAD_CPUS" java "$@"; }
rss_kb() { awk '/VmRSS/{print $2}' /proc/$PID/status; }
live_kb() { jcmd "$PID" GC.class_histogram | awk '/^Total/{printf "%d\n", $3/1024}'; }
echo "server: cpus $SERVER_CPUS; $HEAP $GC; load: cpus $LOAD_CPUS" | tee "$OUT/setup.txt"
load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$N" | tee "$OUT/users.txt"

if [[ ,$PARTS, == *,idle,* ]]; then
  # Warm-up: a few hundred sessions, terminated again.
  load -Xmx1g -cp "$CP" io.starling.server.bench.BoshIdleHarness "$HTTP_PORT" 300 "$RATE" 2 | tee "$OUT/warmup.txt"
  sleep 5; jcmd "$PID" GC.run >/dev/null; sleep 2
  LIVE0=$(live_kb); RSS0=$(rss_kb)
  load -Xmx1g -cp "$CP" io.starling.server.bench.BoshIdleHarness "$HTTP_PORT" "$N" "$RATE" $((IDLE_S + 60)) \
      > "$OUT/idle.txt" 2>&1 &
  HPID=$!
  for _ in $(seq 1 1200); do grep -q '^READY' "$OUT/idle.txt" && break; sleep 0.5; done
  cat "$OUT/idle.txt"
  sleep "$IDLE_S"
  jcmd "$PID" GC.run >/dev/null; sleep 2
  LIVE1=$(live_kb); RSS1=$(rss_kb)
  jcmd "$PID" GC.class_histogram | head -40 > "$OUT/histogram.txt"
  EST=$(awk '/^READY/{sub("established=","",$2); print $2}' "$OUT/idle.txt")
  awk -v n="$EST" -v r0="$RSS0" -v r1="$RSS1" -v l0="$LIVE0" -v l1="$LIVE1" 'BEGIN{
    printf "RESULT idle-bosh sessions=%d rss_before=%.1fMiB rss_after=%.1fMiB live_before=%.1fMiB live_after=%.1fMiB per_session_rss=%.2fKiB per_session_heap=%.2fKiB\n",
      n, r0/1024, r1/1024, l0/1024, l1/1024, (r1-r0)/n, (l1-l0)/n }' | tee -a "$OUT/result.txt"
  kill "$HPID" 2>/dev/null || true; wait "$HPID" 2>/dev/null || true
  sleep 5
fi

if [[ ,$PARTS, == *,latency,* ]]; then
  for mode in bosh ws; do
    wait_quiet
    load -Xmx512m -cp "$CP" io.starling.server.bench.WebLatencyHarness "$HTTP_PORT" "$mode" "$COUNT" u1 \
        | tee "$OUT/latency-$mode.txt"
    grep '^RESULT' "$OUT/latency-$mode.txt" >> "$OUT/result.txt"
  done
fi
cat "$OUT/result.txt"
