#!/usr/bin/env bash
# The same load-generator scenarios against Starling, Prosody or ejabberd, for docs/BENCHMARKS.md (issue 7).
#   bench/compare/run.sh starling|prosody|ejabberd
# Environment (defaults): IDLE=5000,10000,18000  CHAT_MEMBERS=1000  RATES=5000,10000,20000,30000,40000
#   DURATION=10 WARMUP=5  STORM=10 (seconds)  BOSH_IDLE=5000  SOURCES=8  PHASES=idle,chat,storm,bosh
#   SASL=auto (login mechanism of the idle/chat runs)  STORM_SASL=(see below)
# Server on core 0, load generator on core 1. Members load1..loadN, password "secret", must exist:
#   starling: created here with the server's CLI-equivalent bulk path (BenchUsers, one shared salt);
#   prosody/ejabberd: bench/compare/<server>.sh users 18000 beforehand.
# Results: /tmp/starling-bench/compare-<server>/ (*.txt RESULT lines, *.json, rss.txt); summary on stdout.
set -euo pipefail
TARGET=${1:?starling, prosody or ejabberd}
IDLE=${IDLE:-5000,10000,18000}; CHAT_MEMBERS=${CHAT_MEMBERS:-1000}; RATES=${RATES:-5000,10000,20000,30000,40000}
DURATION=${DURATION:-10}; WARMUP=${WARMUP:-5}; STORM=${STORM:-10}; BOSH_IDLE=${BOSH_IDLE:-5000}; SOURCES=${SOURCES:-8}
PHASES=${PHASES:-idle,chat,storm,bosh}; LOAD_CPUS=${LOAD_CPUS:-1}; export SERVER_CPUS=${SERVER_CPUS:-0}
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=/tmp/starling-bench/compare-$TARGET; rm -rf "$OUT"; mkdir -p "$OUT"
. "$ROOT/bench/bench-config.sh"

case "$TARGET" in
  starling)
    PORT=15262; HTTP=15280
    DATA=$(mktemp -d /tmp/starling-bench-data.XXXXXX)
    bench_config "$OUT/starling.yaml" "$DATA" "$PORT"
    printf 'gateway:\n  port: %s\n  tls-port: 0\n  internal-port: 0\n' "$HTTP" >> "$OUT/starling.yaml"
    # A pre-touched fixed heap: RSS growth is then off-heap cost only, and heap use is read separately.
    start_server "$OUT" -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseSerialGC
    CP=$ROOT/deploy/target/test-classes:$ROOT/deploy/target/classes:$ROOT/deploy/target/lib/*
    taskset -c "$LOAD_CPUS" java -cp "$CP" io.starling.server.bench.BenchUsers "$DATA" 18000 load secret \
      | tee "$OUT/setup.txt"
    SERVER_PID=$PID; STORM_SASL=${STORM_SASL:-SCRAM-SHA-1} ;;
  prosody)
    PORT=25222; HTTP=25280
    bench/compare/prosody.sh start >/dev/null; SERVER_PID=$(bench/compare/prosody.sh pid)
    trap 'bench/compare/prosody.sh stop >/dev/null' EXIT; STORM_SASL=${STORM_SASL:-PLAIN} ;;
  ejabberd)
    PORT=35222; HTTP=35280
    bench/compare/ejabberd.sh start >/dev/null; SERVER_PID=$(bench/compare/ejabberd.sh pid)
    trap 'bench/compare/ejabberd.sh stop >/dev/null' EXIT; STORM_SASL=${STORM_SASL:-PLAIN} ;;
  *) echo "unknown target $TARGET"; exit 2 ;;
esac
SASL=${SASL:-auto}
echo "target $TARGET pid $SERVER_PID port $PORT http $HTTP" | tee "$OUT/setup.txt"

rss_kib() { ps -o rss= -p "$SERVER_PID" | tr -d ' '; }
heap_kib() {  # Starling only: heap in use after a full GC (jstat: survivor, eden and old "used" columns)
  [ "$TARGET" = starling ] || { echo 0; return; }
  jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true; sleep 1
  jstat -gc "$SERVER_PID" 2>/dev/null | awk 'NR==1 {for (i=1;i<=NF;i++) c[$i]=i}
    NR==2 {print $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]}' || echo 0
}
load() { taskset -c "$LOAD_CPUS" loadtest/src/main/dist/bin/starling-load --host 127.0.0.1 --port "$PORT" \
    --domain localhost --password secret --sources "$SOURCES" --progress 5 "$@"; }
# measure NAME ARGS...: run the generator; for idle runs sample the server's RSS and heap while everyone is online
measure() {
  local name=$1; shift
  wait_quiet >/dev/null
  load --json "$OUT/$name.json" "$@" 2> "$OUT/$name.progress" | tee "$OUT/$name.txt" || true
}
idle_run() {  # idle_run NAME N TRANSPORT-ARGS...: RSS/heap before, then while N members sit online
  local name=$1 n=$2; shift 2
  wait_quiet >/dev/null
  local rss0 heap0; heap0=$(heap_kib); rss0=$(rss_kib)
  load --json "$OUT/$name.json" --members "$n" --scenario idle-hold --ramp 2000 --concurrency 300 \
       --duration 25 "$@" 2> "$OUT/$name.progress" > "$OUT/$name.txt" &
  local lp=$! online=0
  for _ in $(seq 1 600); do  # wait until the progress line shows everyone online
    sleep 1; kill -0 $lp 2>/dev/null || break
    online=$(grep -o 'online=[0-9]*' "$OUT/$name.progress" | tail -1 | cut -d= -f2 || true); [ "${online:-0}" -ge "$n" ] && break
  done
  sleep 3
  local rss1 heap1; rss1=$(rss_kib); heap1=$(heap_kib)
  wait $lp || true
  cat "$OUT/$name.txt"
  awk -v n="$n" -v r0="$rss0" -v r1="$rss1" -v h0="$heap0" -v h1="$heap1" -v name="$name" 'BEGIN {
    printf "MEM %s connections=%d rss_before=%.0fMiB rss_online=%.0fMiB rss_per_conn=%.2fKiB heap_per_conn=%.2fKiB\n",
      name, n, r0/1024, r1/1024, (r1-r0)/n, (h1-h0)/n }' | tee -a "$OUT/rss.txt"
  sleep 5   # let the server settle the logouts
}

if [[ ,$PHASES, == *,idle,* ]]; then
  for n in ${IDLE//,/ }; do idle_run "idle-$n" "$n" --sasl "$SASL"; done
fi
if [[ ,$PHASES, == *,chat,* ]]; then
  for r in ${RATES//,/ }; do
    measure "chat-$r" --members "$CHAT_MEMBERS" --scenario chat --rate "$r" --warmup "$WARMUP" --duration "$DURATION" \
      --ramp 2000 --concurrency 300 --sasl "$SASL"
    p99=$(grep -o ' p99=[0-9.]*' "$OUT/chat-$r.txt" | head -1 | cut -d= -f2 || true); p99=${p99%%.*}
    [ "${p99:-0}" -gt 50 ] && { echo "p99 above 50 ms at $r msg/s: the knee"; break; }
  done
fi
if [[ ,$PHASES, == *,storm,* ]]; then
  measure storm-tcp --members 18000 --scenario login-storm --concurrency 200 --duration "$STORM" --sasl "$STORM_SASL"
  measure storm-starttls --members 18000 --scenario login-storm --concurrency 200 --duration "$STORM" \
    --transport starttls --sasl "$STORM_SASL"
fi
if [[ ,$PHASES, == *,bosh,* ]]; then
  idle_run "bosh-$BOSH_IDLE" "$BOSH_IDLE" --transport bosh --url "http://127.0.0.1:$HTTP/http-bind" --sasl "$SASL"
fi
echo "== $TARGET"; cat "$OUT"/*.txt | grep -E '^(RESULT|MEM)' || true
