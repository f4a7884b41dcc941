#!/usr/bin/env bash
# Presence fan-out and churn benchmark (docs/BENCHMARKS.md). Loopback only; every wait is bounded.
#   bench/presence-fanout.sh [fanout|churn|all] [PORT]
# Environment (defaults): CONTACTS=1000 ONLINE=$CONTACTS LOGINS=10 CHANGES=50 PING_US=2000
#                         MEMBERS=1000 K=30 RATES=250,500,1000,2000,3000,4000,6000 DURATION=10
#                         HEAP="-Xms1g -Xmx1g" GC=-XX:+UseSerialGC SERVER_CPUS=0 LOAD_CPUS=1
# Needs: mvn -B -o -q -pl deploy -am package -DskipTests   (builds the server jar, its lib/ and the harness)
# Server (and its embedded PostgreSQL) on SERVER_CPUS, the load on LOAD_CPUS (taskset). Results:
# /tmp/starling-bench/presence-<what>[-TAG]/ (server.log, gc.log, safepoint.log, fanout.txt, churn.txt).
set -euo pipefail
WHAT=${1:-all}; PORT=${2:-15232}
CONTACTS=${CONTACTS:-1000}; ONLINE=${ONLINE:-$CONTACTS}; LOGINS=${LOGINS:-10}; CHANGES=${CHANGES:-50}; PING_US=${PING_US:-2000}
MEMBERS=${MEMBERS:-1000}; K=${K:-30}; RATES=${RATES:-250,500,1000,2000,3000,4000,6000}; DURATION=${DURATION:-10}
HEAP=${HEAP:--Xms1g -Xmx1g}; GC=${GC:--XX:+UseSerialGC}; SERVER_CPUS=${SERVER_CPUS:-0}; LOAD_CPUS=${LOAD_CPUS:-1}
case $WHAT in fanout|churn|all) ;; *) echo "usage: $0 [fanout|churn|all] [PORT]"; exit 2 ;; esac
cd "$(dirname "$0")/.."
ROOT=$PWD
[ -f deploy/target/starling-server.jar ] && [ -d deploy/target/test-classes/io/starling/server/bench ] \
  || { echo "build first: mvn -B -o -q -pl deploy -am package -DskipTests"; exit 1; }
OUT=/tmp/starling-bench/presence-$WHAT${TAG:+-$TAG}; rm -rf "$OUT"; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
# The harness runs on the jars the reactor build put in deploy/target/lib (this worktree's modules included).
CP=$ROOT/deploy/target/test-classes:$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*

. "$ROOT/bench/bench-config.sh"
bench_config "$OUT/starling.yaml" "$DATA" "$PORT"

start_server "$OUT" $HEAP $GC -Xlog:gc:file="$OUT/gc.log":uptime,timenanos \
    -Xlog:safepoint:file="$OUT/safepoint.log":uptime,timenanos

PGPID=$(head -1 "$DATA/postgres/postmaster.pid")
load() { taskset -c "$LOAD_CPUS" java "$@"; }
harness() { load -Xms2g -Xmx2g -XX:+UseSerialGC -Dbench.gclog="$OUT/gc.log" -Dbench.pgpid="$PGPID" \
    -Xlog:gc:file="$OUT/harness-gc.log":uptime,timenanos -Xlog:safepoint:file="$OUT/harness-safepoint.log":uptime,timenanos -cp "$CP" "$@"; }
{
  echo "server: $(grep -m1 'network transport' "$OUT/server.log" | sed 's/.* - //'); cpus $SERVER_CPUS; $HEAP $GC"
  echo "load: cpus $LOAD_CPUS"
} | tee "$OUT/setup.txt"
load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" 1 ping | tee -a "$OUT/setup.txt"

if [ "$WHAT" != churn ]; then
  load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" 1 hub | tee -a "$OUT/setup.txt"
  load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$CONTACTS" c | tee -a "$OUT/setup.txt"
  load -cp "$CP" io.starling.server.bench.BenchRosters "$DATA" star hub1 c "$CONTACTS" | tee -a "$OUT/setup.txt"
  wait_quiet | tee -a "$OUT/setup.txt"
  harness io.starling.server.bench.PresenceFanoutHarness "$PORT" "$PID" "$ONLINE" "$LOGINS" "$CHANGES" \
      "$PING_US" "$CONTACTS" 2>&1 | tee "$OUT/fanout.txt"
fi
if [ "$WHAT" != fanout ]; then
  load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$MEMBERS" m | tee -a "$OUT/setup.txt"
  load -cp "$CP" io.starling.server.bench.BenchRosters "$DATA" ring m "$MEMBERS" "$K" | tee -a "$OUT/setup.txt"
  wait_quiet | tee -a "$OUT/setup.txt"
  harness io.starling.server.bench.PresenceChurnHarness "$PORT" "$PID" "$MEMBERS" "$K" "$RATES" \
      "$DURATION" "$PING_US" 2>&1 | tee "$OUT/churn.txt"
fi
echo "server GC pauses: $(grep -c 'Pause' "$OUT/gc.log" || true)"
echo "server warnings and errors:"
grep -E ' (WARN|ERROR) ' "$OUT/server.log" | sed 's/^[0-9-]* [0-9:,]* //' | sort | uniq -c | sort -rn | head -5 || true
