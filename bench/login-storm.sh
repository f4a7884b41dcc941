#!/usr/bin/env bash
# A longer login storm than bench/compare/run.sh's 10 s step, for comparing two builds of the login path.
#   bench/login-storm.sh [TREE]      TREE: a source tree built with `mvn -B -q package -DskipTests` (default: this one)
# Environment (defaults): WARMUP=30 (an unmeasured storm first: the server's JIT compiles for ~30 s on its one core)
#   DURATION=30 CONCURRENCY=200 SASL=SCRAM-SHA-1 MEMBERS=18000 TRANSPORT=tcp (or starttls)
#   SERVER_JAVA_OPTS (extra server JVM options, e.g. a JFR recording)
# Server (and its embedded PostgreSQL) on core 0, load generator on core 1; 18,000 members with one shared salt
# (BenchUsers). Prints the generator's RESULT line and the CPU share of both processes mid-run.
# Results: /tmp/starling-bench/login-storm/ (server.log, top.txt).
set -euo pipefail
TREE=$(cd "${1:-$(dirname "$0")/..}" && pwd)
WARMUP=${WARMUP:-30}; DURATION=${DURATION:-30}; CONCURRENCY=${CONCURRENCY:-200}; SASL=${SASL:-SCRAM-SHA-1}; MEMBERS=${MEMBERS:-18000}
TRANSPORT=${TRANSPORT:-tcp}
export SERVER_CPUS=0
cd "$TREE"
. bench/bench-config.sh
OUT=/tmp/starling-bench/login-storm; rm -rf "$OUT"; mkdir -p "$OUT"
PORT=15262
DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
bench_config "$OUT/starling.yaml" "$DATA" "$PORT"
printf 'gateway:\n  port: 15280\n  tls-port: 0\n  internal-port: 0\n' >> "$OUT/starling.yaml"
# shellcheck disable=SC2086 # SERVER_JAVA_OPTS is a list of options
start_server "$OUT" -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseSerialGC ${SERVER_JAVA_OPTS:-}
CP=$TREE/deploy/target/test-classes:$TREE/deploy/target/classes:$TREE/deploy/target/lib/*
taskset -c 1 java -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$MEMBERS" load secret > "$OUT/setup.txt"
storm() {
  taskset -c 1 loadtest/src/main/dist/bin/starling-load --host 127.0.0.1 --port "$PORT" --domain localhost \
      --password secret --sources 8 --members "$MEMBERS" --scenario login-storm --concurrency "$CONCURRENCY" \
      --duration "$1" --sasl "$SASL" --transport "$TRANSPORT" 2>> "$OUT/progress.txt"
}
[ "$WARMUP" -gt 0 ] && storm "$WARMUP" > "$OUT/warmup.txt"
(sleep $((DURATION / 2)); top -b -n 2 -d 5 > "$OUT/top.txt") &
TOP=$!
storm "$DURATION" | grep RESULT
wait "$TOP"
awk -v server="$PID" '/^top -/ {n++} n == 2 && / java$/ {print "cpu " $9 "% " ($1 == server ? "server" : "generator")}
    n == 2 && / postgres$/ {pg += $9} END {print "cpu " pg "% postgres"}' "$OUT/top.txt"
