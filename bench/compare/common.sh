# Sourced by prosody.sh and ejabberd.sh: the choices both comparison servers share.
#
# Everything a server writes lives under RUN_DIR (default /tmp/starling-compare/<server>), never in /etc or
# /var/lib, so the Debian packages' own configuration stays untouched and a run can be wiped with rm -rf.

# The domain the load generator addresses (Starling's bench uses the same one).
COMPARE_DOMAIN=${COMPARE_DOMAIN:-localhost}
# Issue 7: "A process may hold at most 20,000 open files" — the same cap the Starling server runs under.
COMPARE_NOFILE=${COMPARE_NOFILE:-20000}
# Issue 7: server on core 0, load generator on core 1 (taskset -c 1 starling-load ...), so figures compare.
SERVER_CPUS=${SERVER_CPUS:-0}
# The members' password; the load generator logs in as load1..loadN with it.
COMPARE_PASSWORD=${COMPARE_PASSWORD:-secret}

# make_cert DIR OWNER → DIR/cert.pem + DIR/key.pem (and DIR/both.pem, certificate and key in one file, the form
# ejabberd's certfiles wants): a self-signed certificate for $COMPARE_DOMAIN, offered for STARTTLS but never
# required. Owned by OWNER because both servers drop root and must still read the key.
make_cert() {
  local dir=$1 owner=$2
  if [ ! -f "$dir/both.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$COMPARE_DOMAIN" \
      -addext "subjectAltName=DNS:$COMPARE_DOMAIN" \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
    cat "$dir/cert.pem" "$dir/key.pem" > "$dir/both.pem"
  fi
  chown "$owner" "$dir/cert.pem" "$dir/key.pem" "$dir/both.pem"
  chmod 600 "$dir/key.pem" "$dir/both.pem"
}

# wait_port PORT SECONDS → returns once something listens on 127.0.0.1:PORT, fails after SECONDS.
wait_port() {
  local port=$1 limit=$2 start=$SECONDS
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    [ $((SECONDS - start)) -ge "$limit" ] && { echo "nothing listens on port $port after ${limit}s" >&2; return 1; }
    sleep 0.5
  done
}

# show_status NAME PID → the PID (for ps -o rss per connection), its CPU affinity, open-file limit and RSS.
show_status() {
  local name=$1 pid=$2
  echo "$name pid $pid"
  taskset -cp "$pid" | sed 's/^/  /'
  grep 'Max open files' "/proc/$pid/limits" | sed 's/^/  /'
  echo "  rss_kb $(ps -o rss= -p "$pid" | tr -d ' ')  open_fds $(ls "/proc/$pid/fd" | wc -l)"
}

# member_lines N → "load<i> <password>" for i in 1..N (the input of the bulk-creation commands).
member_lines() {
  seq 1 "$1" | sed "s/.*/load& $COMPARE_PASSWORD/"
}
