#!/usr/bin/env bash
# Prosody 0.12 (Debian package) configured for the side-by-side comparison with Starling (issue 7).
#   bench/compare/prosody.sh start     write the config under $RUN_DIR and start Prosody on core $SERVER_CPUS
#   bench/compare/prosody.sh users N   create load1..loadN with password $COMPARE_PASSWORD
#   bench/compare/prosody.sh pid       print only the PID
#   bench/compare/prosody.sh status    print the PID (for ps -o rss), affinity, file limit, RSS, users
#   bench/compare/prosody.sh stop
# Ports (loopback only): c2s 25222 (STARTTLS offered, not required); HTTP 25280 with BOSH at /http-bind and
# WebSocket at /xmpp-websocket (Prosody's usual paths).
set -euo pipefail
cd "$(dirname "$0")"
. ./common.sh

RUN_DIR=${RUN_DIR:-/tmp/starling-compare/prosody}
CFG=$RUN_DIR/prosody.cfg.lua
C2S_PORT=${PROSODY_C2S_PORT:-25222}
HTTP_PORT=${PROSODY_HTTP_PORT:-25280}
# Run everything as the prosody user (Prosody would otherwise switch to it itself via mod_posix when started as
# root). setpriv, not runuser/su: those open a PAM session whose pam_limits resets the soft open-file limit to
# 1024, while setpriv keeps the ulimit set below.
as_prosody() { setpriv --reuid=prosody --regid=prosody --init-groups env HOME=/var/lib/prosody "$@"; }
ctl() { as_prosody prosodyctl --config "$CFG" "$@"; }

write_config() {
  mkdir -p "$RUN_DIR/data"
  make_cert "$RUN_DIR" prosody
  cat > "$CFG" <<LUA
-- Written by bench/compare/prosody.sh; see the comments there.
pidfile = "$RUN_DIR/prosody.pid"
data_path = "$RUN_DIR/data"
-- warn and above only: info-level lines per login would cost measurable CPU at hundreds of logins/s.
log = { warn = "$RUN_DIR/prosody.log" }
-- 0.12 defaults to the select() backend, which cannot watch more than 1024 sockets; epoll has no such cap.
network_backend = "epoll"
-- listen backlog 1024 instead of 128, so the logins/s scenario's bursts of connects are not dropped.
network_settings = { tcp_backlog = 1024 }
-- Listen on loopback only, on ports that do not clash with Starling (5222) or ejabberd (35222).
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { $C2S_PORT }
c2s_direct_tls_ports = { }
http_ports = { $HTTP_PORT }
http_interfaces = { "127.0.0.1" }
https_ports = { }
-- The admin socket lets "prosodyctl shell" talk to the running server (bulk user creation).
admin_socket = "$RUN_DIR/prosody.sock"
modules_enabled = {
  "roster"; "saslauth"; "tls"; "disco"; "ping"; "offline"; "posix";
  "bosh"; "websocket";   -- both ship with 0.12: /http-bind and /xmpp-websocket
  "admin_shell";
}
-- No s2s (nothing to federate with) and no rate limiting: mod_limits is simply not loaded, so c2s reads are not
-- throttled; the load generator connects thousands of clients from one address.
modules_disabled = { "s2s" }
-- The load generator logs in with PLAIN over unencrypted loopback TCP; STARTTLS stays on offer.
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_bosh_secure = true
consider_websocket_secure = true
-- internal_hashed (the default) stores SCRAM-SHA-1 salted passwords: PLAIN and SCRAM-SHA-1 are offered.
authentication = "internal_hashed"
storage = "internal"
-- Certificates are named explicitly below; point the automatic lookup at the run dir too.
certificates = "$RUN_DIR"
VirtualHost "$COMPARE_DOMAIN"
  ssl = { certificate = "$RUN_DIR/cert.pem"; key = "$RUN_DIR/key.pem"; }
LUA
  chown -R prosody: "$RUN_DIR"
}

pid() { [ -f "$RUN_DIR/prosody.pid" ] && cat "$RUN_DIR/prosody.pid"; }
running() { local p; p=$(pid) && kill -0 "$p" 2>/dev/null; }

case "${1:-}" in
  start)
    running && { echo "already running, pid $(pid)"; exit 0; }
    write_config
    # ulimit in this shell is inherited by runuser/taskset/prosody; taskset pins every thread (Prosody has one).
    ulimit -n "$COMPARE_NOFILE"
    as_prosody taskset -c "$SERVER_CPUS" prosody --config "$CFG" -D
    wait_port "$C2S_PORT" 30
    wait_port "$HTTP_PORT" 10
    for _ in $(seq 1 50); do running && break; sleep 0.2; done
    echo "prosody started, pid $(pid); c2s 127.0.0.1:$C2S_PORT, BOSH http://127.0.0.1:$HTTP_PORT/http-bind," \
      "WebSocket ws://127.0.0.1:$HTTP_PORT/xmpp-websocket; log $RUN_DIR/prosody.log"
    ;;
  stop)
    if running; then
      p=$(pid); kill "$p"
      for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
      echo "prosody stopped"
    else
      echo "prosody not running"
    fi
    ;;
  users)
    n=${2:?usage: prosody.sh users N}
    running || { echo "start prosody first" >&2; exit 1; }
    # One "prosodyctl shell" session fed N user:create() lines through the admin socket: the running server
    # hashes and stores each account; no process start per account (prosodyctl register costs ~0.3 s each).
    start=$SECONDS
    seq 1 "$n" | sed "s/.*/user:create(\"load&@$COMPARE_DOMAIN\", \"$COMPARE_PASSWORD\")/" \
      | ctl shell > "$RUN_DIR/users.log" 2>&1
    created=$(ls "$RUN_DIR/data/${COMPARE_DOMAIN//./%2e}/accounts" 2>/dev/null | wc -l)
    echo "prosody: $created accounts stored (asked for load1..load$n) in $((SECONDS - start)) s"
    ;;
  pid)
    # just the number, for scripts: ps -o rss= -p "$(bench/compare/prosody.sh pid)"
    running || { echo "prosody not running" >&2; exit 1; }
    echo "$(pid)"
    ;;
  status)
    running || { echo "prosody not running"; exit 1; }
    show_status prosody "$(pid)"
    ;;
  *)
    echo "usage: $0 start|stop|users N|status|pid" >&2; exit 2 ;;
esac
