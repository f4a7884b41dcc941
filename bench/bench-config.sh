# Sourced by the benchmark scripts: writes the server configuration they share, starts the server, and waits for a
# quiet machine.
#   bench_config FILE DATA_DIR PORT  → plain c2s on 127.0.0.1:PORT, no direct TLS, no TLS requirement, and an
#   address-failure limit high enough for thousands of logins from one address.
bench_config() {
  cat > "$1" <<YAML
domain: localhost
data-dir: $2
c2s:
  bind-address: 127.0.0.1
  port: $3
  direct-tls-port: 0
  tls-required: false
auth:
  max-failures-per-address: 1000
YAML
}

# The machine may be shared: before each measurement wait (up to QUIET_WAIT seconds) until the CPUs have been
# almost idle for 5 s, i.e. busy below QUIET_PCT % of the machine; the harnesses then report machine vs own CPU use.
QUIET_WAIT=${QUIET_WAIT:-600}; QUIET_PCT=${QUIET_PCT:-10}
busy_pct() {
  local a b; a=$(grep '^cpu ' /proc/stat); sleep "$1"; b=$(grep '^cpu ' /proc/stat)
  echo "$a|$b" | awk -F'|' '{split($1,x," "); split($2,y," "); busy=0; for (i=2;i<=9;i++) if (i!=5 && i!=6) busy+=y[i]-x[i];
    idle=y[5]-x[5]+y[6]-x[6]; printf "%d\n", 100*busy/(busy+idle)}'
}
wait_quiet() {
  local start=$SECONDS p
  while :; do
    p=$(busy_pct 5)
    [ "$p" -lt "$QUIET_PCT" ] && { echo "machine quiet ($p% busy)"; return; }
    [ $((SECONDS - start)) -ge "$QUIET_WAIT" ] && { echo "WARNING: machine still $p% busy after ${QUIET_WAIT}s; measuring anyway"; return; }
    sleep 5
  done
}

# start_server OUT JAVA_OPTION...  → runs deploy/target/starling-server.jar -c OUT/starling.yaml on $SERVER_CPUS
#   (its embedded PostgreSQL inherits the CPUs), logs to OUT/server.log, sets PID (also in OUT/server.pid), and waits
#   until it is ready. On exit the server is stopped and $DATA removed.
start_server() {
  local out=$1; shift
  taskset -c "$SERVER_CPUS" java "$@" -jar deploy/target/starling-server.jar -c "$out/starling.yaml" \
      > "$out/server.log" 2>&1 &
  PID=$!
  echo "$PID" > "$out/server.pid"
  trap stop_server EXIT
  for _ in $(seq 1 120); do
    grep -q 'ready; stop with' "$out/server.log" && break; sleep 0.5
  done
  grep -q 'ready; stop with' "$out/server.log" || { echo "server did not start"; tail -20 "$out/server.log"; exit 1; }
}
stop_server() {
  set +e
  kill "$PID" 2>/dev/null; for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done; rm -rf "$DATA"; }
