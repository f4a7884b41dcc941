#!/usr/bin/env bash
# Drives a fresh Starling with the load generator (bin/starling-load): creates MEMBERS accounts load1..loadN, then
# runs idle-hold and chat. Build first: mvn -B -o -q -pl deploy -am package -DskipTests (the loadtest jar is built
# with it). Results in /tmp/starling-bench/load.
#   MEMBERS=2000 RATE=10000 DURATION=10 SOURCES=4 SCENARIOS=idle,chat,storm bench/load-starling.sh [PORT]
set -euo pipefail
PORT=${1:-15262}
MEMBERS=${MEMBERS:-2000}; RATE=${RATE:-10000}; DURATION=${DURATION:-10}; SOURCES=${SOURCES:-4}; RAMP=${RAMP:-1000}; WARMUP=${WARMUP:-5}
SCENARIOS=${SCENARIOS:-idle,chat,storm}; IDLE=${IDLE:-5}
HEAP=${HEAP:--Xms1g -Xmx1g}; GC=${GC:--XX:+UseSerialGC}; SERVER_CPUS=${SERVER_CPUS:-0}; LOAD_CPUS=${LOAD_CPUS:-1}
cd "$(dirname "$0")/.."
ROOT=$PWD
[ -f deploy/target/starling-server.jar ] && [ -f loadtest/target/starling-loadtest.jar ] \
  || { echo "build first: mvn -B -o -q -pl deploy -am package -DskipTests"; exit 1; }
OUT=/tmp/starling-bench/load${TAG:+-$TAG}; rm -rf "$OUT"; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
CP=$ROOT/deploy/target/test-classes:$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*
. "$ROOT/bench/bench-config.sh"
bench_config "$OUT/starling.yaml" "$DATA" "$PORT"
start_server "$OUT" $HEAP $GC
taskset -c "$LOAD_CPUS" java -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$MEMBERS" load loadpw | tee "$OUT/setup.txt"
load() { taskset -c "$LOAD_CPUS" loadtest/src/main/dist/bin/starling-load --port "$PORT" --members "$MEMBERS" \
    --sources "$SOURCES" --ramp "$RAMP" "$@"; }
[[ ,$SCENARIOS, != *,idle,* ]] || load --scenario idle-hold --duration "$IDLE" --json "$OUT/idle.json" 2> "$OUT/idle.progress" | tee "$OUT/idle.txt" || true
[[ ,$SCENARIOS, != *,chat,* ]] || load --scenario chat --rate "$RATE" --warmup "$WARMUP" --duration "$DURATION" --json "$OUT/chat.json" \
    2> "$OUT/chat.progress" | tee "$OUT/chat.txt" || true
[[ ,$SCENARIOS, != *,storm,* ]] || load --scenario login-storm --concurrency 200 --duration 5 --json "$OUT/storm.json" \
    2> "$OUT/storm.progress" | tee "$OUT/storm.txt" || true
echo "server warnings and errors:"
grep -E ' (WARN|ERROR) ' "$OUT/server.log" | sed 's/^[0-9-]* [0-9:,]* //' | sort | uniq -c | sort -rn | head -5 || true
