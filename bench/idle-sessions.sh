#!/usr/bin/env bash
# Idle-session memory benchmark (docs/BENCHMARKS.md). Loopback only; every wait is bounded.
#   bench/idle-sessions.sh MODE N GC [PORT]
#     MODE plain|tls   N sessions   GC serial|g1
# Needs: mvn -B -q -Dbuild.subdir=target package -DskipTests && mvn -B -q -Dbuild.subdir=target test-compile
# Server on core 0, harness on core 1 (taskset). Results: /tmp/starling-bench/<MODE>-<GC>-<N>/
set -euo pipefail
MODE=${1:?plain|tls}; N=${2:?count}; GC=${3:?serial|g1}; PORT=${4:-15222}
RATE=${RATE:-500}; IDLE_S=${IDLE_S:-20}; HEAP=${HEAP:--Xmx1g}
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=/tmp/starling-bench/$MODE-$GC-$N; rm -rf "$OUT"; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
case $GC in serial) GCFLAG=-XX:+UseSerialGC ;; g1) GCFLAG=-XX:+UseG1GC ;; *) echo "GC?"; exit 2 ;; esac
TLS=false; [ "$MODE" = tls ] && TLS=true
JVM_FLAGS="$HEAP $GCFLAG -XX:NativeMemoryTracking=summary"

# Test classpath of deploy, with this worktree's xmpp-core classes instead of the jars in ~/.m2.
mvn -B -q -o -Dbuild.subdir=target -pl deploy dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP=$ROOT/deploy/target/test-classes:$ROOT/deploy/target/classes:$ROOT/xmpp-core/target/test-classes:$ROOT/xmpp-core/target/classes
CP=$CP:$(tr ':' '\n' < "$OUT/cp.txt" | grep -v '/io/starling/xmpp-core/' | paste -sd:)

. "$ROOT/bench/bench-config.sh"
bench_config "$OUT/starling.yaml" "$DATA" "$PORT"

taskset -c 0 java $JVM_FLAGS -jar deploy/target/starling-server.jar -c "$OUT/starling.yaml" > "$OUT/server.log" 2>&1 &
PID=$!
echo "$PID" > "$OUT/server.pid"
HPID=
cleanup() {
  set +e
  [ -n "$HPID" ] && kill "$HPID" 2>/dev/null
  kill "$PID" 2>/dev/null || true; for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  grep -q 'ready; stop with' "$OUT/server.log" && break; sleep 0.5
done
grep -q 'ready; stop with' "$OUT/server.log" || { echo "server did not start"; tail -20 "$OUT/server.log"; exit 1; }
(exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null || { echo "server did not start"; tail -20 "$OUT/server.log"; exit 1; }

harness() { taskset -c 1 java -Xmx512m -cp "$CP" io.starling.server.bench.IdleSessionsHarness "$PORT" "$@"; }
rss_kb() { awk '/VmRSS/{print $2}' /proc/$PID/status; }
live_kb() { jcmd "$PID" GC.class_histogram | awk '/^Total/{printf "%d\n", $3/1024}'; }

taskset -c 1 java -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" "$N" | tee "$OUT/users.txt"
# Warm-up: a few hundred full logins (JIT, pools, TLS), closed again.
harness $((N < 300 ? N : 300)) "$RATE" "$TLS" 2 | tee "$OUT/warmup.txt"
sleep 5
jcmd "$PID" GC.run >/dev/null; sleep 2
LIVE0=$(live_kb); RSS0=$(rss_kb)
jcmd "$PID" GC.class_histogram | head -40 > "$OUT/histogram-before.txt"
jcmd "$PID" GC.heap_info > "$OUT/heap-before.txt"
jcmd "$PID" VM.native_memory baseline >/dev/null

taskset -c 1 java -Xmx512m -cp "$CP" io.starling.server.bench.IdleSessionsHarness "$PORT" "$N" "$RATE" "$TLS" \
    $((IDLE_S + 120)) > "$OUT/harness.txt" 2>&1 &
HPID=$!
for _ in $(seq 1 700); do grep -q '^READY' "$OUT/harness.txt" && break; sleep 0.5; done
sleep 1
cat "$OUT/harness.txt"
sleep "$IDLE_S"
jcmd "$PID" GC.run >/dev/null; sleep 2
LIVE1=$(live_kb); RSS1=$(rss_kb)
jcmd "$PID" GC.heap_info > "$OUT/heap-after.txt"
jcmd "$PID" GC.class_histogram | head -40 > "$OUT/histogram.txt"
jcmd "$PID" VM.native_memory summary.diff > "$OUT/nmt-diff.txt"
ls /proc/$PID/fd | wc -l > "$OUT/fds.txt"
EST=$(awk '/^READY/{sub("established=","",$3); print $3}' "$OUT/harness.txt")
awk -v m="$MODE" -v g="$GC" -v n="$EST" -v r0="$RSS0" -v r1="$RSS1" -v l0="$LIVE0" -v l1="$LIVE1" -v f="$JVM_FLAGS" 'BEGIN{
  printf "RESULT mode=%s gc=%s sessions=%d rss_before=%.1fMiB rss_after=%.1fMiB live_before=%.1fMiB live_after=%.1fMiB per_session_rss=%.2fKiB per_session_heap=%.2fKiB flags=\"%s\"\n",
    m, g, n, r0/1024, r1/1024, l0/1024, l1/1024, (r1-r0)/n, (l1-l0)/n, f }' | tee "$OUT/result.txt"
kill "$HPID" 2>/dev/null || true
wait "$HPID" 2>/dev/null || true
