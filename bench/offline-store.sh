#!/usr/bin/env bash
# Offline-storage benchmark (docs/BENCHMARKS.md): store rate with group commit, and the login flush. Loopback only.
#   bench/offline-store.sh [PORT]
# Environment (defaults): SENDERS=20 RECIPIENTS=1000 RATES=1000,2000,4000,8000,12000 DURATION=10
#                         FLUSH_N=1000 FLUSH_K=10 BATCH=500 LANES=2 QUOTA=1000
#                         HEAP="-Xms1g -Xmx1g" GC=-XX:+UseSerialGC SERVER_CPUS=0 LOAD_CPUS=1 TAG=
# BATCH, LANES and QUOTA set offline.batch-size, offline.lanes and offline.quota (BATCH=1: no group commit).
# Needs: mvn -B -o -q -pl deploy -am package -DskipTests   (builds the server jar, its lib/ and the harness)
# Server (and its embedded PostgreSQL, durable: fsync and synchronous_commit on) on SERVER_CPUS, the load on
# LOAD_CPUS (taskset). Results: /tmp/starling-bench/offline[-TAG]/ (server.log, gc.log, setup.txt, offline.txt).
set -euo pipefail
PORT=${1:-15242}
SENDERS=${SENDERS:-20}; RECIPIENTS=${RECIPIENTS:-1000}; RATES=${RATES:-1000,2000,4000,8000,12000}; DURATION=${DURATION:-10}
FLUSH_N=${FLUSH_N:-1000}; FLUSH_K=${FLUSH_K:-10}; BATCH=${BATCH:-500}; LANES=${LANES:-2}; QUOTA=${QUOTA:-1000}
HEAP=${HEAP:--Xms1g -Xmx1g}; GC=${GC:--XX:+UseSerialGC}; SERVER_CPUS=${SERVER_CPUS:-0}; LOAD_CPUS=${LOAD_CPUS:-1}
cd "$(dirname "$0")/.."
ROOT=$PWD
[ -f deploy/target/starling-server.jar ] && [ -f deploy/target/test-classes/io/starling/server/bench/OfflineStoreHarness.class ] \
  || { echo "build first: mvn -B -o -q -pl deploy -am package -DskipTests"; exit 1; }
OUT=/tmp/starling-bench/offline${TAG:+-$TAG}; rm -rf "$OUT"; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
CP=$ROOT/deploy/target/test-classes:$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*

. "$ROOT/bench/bench-config.sh"
bench_config "$OUT/starling.yaml" "$DATA" "$PORT"
cat >> "$OUT/starling.yaml" <<YAML
offline:
  quota: $QUOTA
  lanes: $LANES
  batch-size: $BATCH
YAML

start_server "$OUT" $HEAP $GC -Xlog:gc:file="$OUT/gc.log":uptime,timenanos
PGPID=$(head -1 "$DATA/postgres/postmaster.pid")
load() { taskset -c "$LOAD_CPUS" java "$@"; }
{
  echo "server: $(grep -m1 'network transport' "$OUT/server.log" | sed 's/.* - //'); cpus $SERVER_CPUS; $HEAP $GC"
  echo "offline: quota $QUOTA, lanes $LANES, batch-size $BATCH; load: cpus $LOAD_CPUS, $SENDERS senders"
} | tee "$OUT/setup.txt"
load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$SENDERS" os | tee -a "$OUT/setup.txt"
load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$RECIPIENTS" or | tee -a "$OUT/setup.txt"
load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$FLUSH_K" of | tee -a "$OUT/setup.txt"
wait_quiet | tee -a "$OUT/setup.txt"
load -Xms1g -Xmx1g -XX:+UseSerialGC -Dbench.pgpid="$PGPID" -cp "$CP" io.starling.server.bench.OfflineStoreHarness \
    "$PORT" "$PID" "$DATA" "$SENDERS" "$RECIPIENTS" "$RATES" "$DURATION" "$FLUSH_N" "$FLUSH_K" 2>&1 | tee "$OUT/offline.txt"
echo "server GC pauses: $(grep -c 'Pause' "$OUT/gc.log" || true)"
echo "server warnings and errors:"
grep -E ' (WARN|ERROR) ' "$OUT/server.log" | sed 's/^[0-9-]* [0-9:,]* //' | sort | uniq -c | sort -rn | head -5 || true
