#!/usr/bin/env bash
# Notifications to online members through the HTTP API and the XEP-0114 component port (docs/BENCHMARKS.md).
#   bench/notifications.sh [C2S_PORT]
# Environment (defaults): MEMBERS=500 CONCURRENCY=1,4,16 RATES=5000,10000,20000 SECONDS=10 HEAP="-Xms512m -Xmx512m" GC=-XX:+UseSerialGC
#                         SERVER_CPUS=0 LOAD_CPUS=1
# Needs: mvn -B -o -q -pl deploy -am package -DskipTests
# Results: /tmp/starling-bench/notifications/ (server.log, result.txt).
set -euo pipefail
C2S_PORT=${1:-15290}; INTERNAL_PORT=$((C2S_PORT + 1)); COMPONENT_PORT=$((C2S_PORT + 2))
SECRET=bench-component-secret-0123
MEMBERS=${MEMBERS:-500}; CONCURRENCY=${CONCURRENCY:-1,4,16}; RATES=${RATES:-5000,10000,20000}; SECONDS_EACH=${SECONDS:-10}
HEAP=${HEAP:--Xms512m -Xmx512m}; GC=${GC:--XX:+UseSerialGC}; SERVER_CPUS=${SERVER_CPUS:-0}; LOAD_CPUS=${LOAD_CPUS:-1}
KEY=bench-api-key-0123456789
cd "$(dirname "$0")/.."
ROOT=$PWD
[ -f deploy/target/test-classes/io/starling/server/bench/NotificationApiHarness.class ] \
  || { echo "build first: mvn -B -o -q -pl deploy -am package -DskipTests"; exit 1; }
OUT=/tmp/starling-bench/notifications; rm -rf "$OUT"; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
CP=$ROOT/deploy/target/test-classes:$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*
. "$ROOT/bench/bench-config.sh"
bench_config "$OUT/starling.yaml" "$DATA" "$C2S_PORT"
cat >> "$OUT/starling.yaml" <<YAML
component:
  port: $COMPONENT_PORT
components:
  notify.localhost:
    secret: $SECRET
    trusted: true
gateway:
  port: 0
  tls-port: 0
  internal-port: $INTERNAL_PORT
  api-keys:
    bench:
      key: $KEY
      from: notify@localhost
      rate: 100000
YAML
start_server "$OUT" $HEAP $GC
load() { taskset -c "$LOAD_CPUS" java "$@"; }
echo "server: cpus $SERVER_CPUS; $HEAP $GC; load: cpus $LOAD_CPUS" | tee "$OUT/setup.txt"
load -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$MEMBERS" | tee -a "$OUT/setup.txt"
for c in ${CONCURRENCY//,/ }; do
  wait_quiet
  load -Xmx512m -cp "$CP" io.starling.server.bench.NotificationApiHarness "$C2S_PORT" "$INTERNAL_PORT" "$KEY" \
      "$MEMBERS" "$c" "$SECONDS_EACH" 2>&1 | tee -a "$OUT/result.txt"
done
for r in ${RATES//,/ }; do
  wait_quiet
  load -Xmx512m -cp "$CP" io.starling.server.bench.ComponentNotifyHarness "$C2S_PORT" "$COMPONENT_PORT" \
      notify.localhost "$SECRET" "$MEMBERS" "$r" "$SECONDS_EACH" 2>&1 | tee -a "$OUT/result.txt"
done
grep '^RESULT' "$OUT/result.txt"
