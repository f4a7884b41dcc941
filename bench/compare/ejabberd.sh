#!/usr/bin/env bash
# ejabberd 23.01 (Debian package) configured for the side-by-side comparison with Starling (issue 7).
#   bench/compare/ejabberd.sh start     write the config under $RUN_DIR and start ejabberd on core $SERVER_CPUS
#   bench/compare/ejabberd.sh users N   create load1..loadN with password $COMPARE_PASSWORD
#   bench/compare/ejabberd.sh pid       print only the PID
#   bench/compare/ejabberd.sh status    print the PID (of beam.smp, for ps -o rss), affinity, file limit, RSS
#   bench/compare/ejabberd.sh stop
# Ports (loopback only): c2s 35222 (STARTTLS offered, not required); HTTP 35280 with BOSH at /http-bind and
# WebSocket at /xmpp-websocket (paths from ejabberd's example config).
set -euo pipefail
cd "$(dirname "$0")"
. ./common.sh

RUN_DIR=${RUN_DIR:-/tmp/starling-compare/ejabberd}
C2S_PORT=${EJABBERD_C2S_PORT:-35222}
HTTP_PORT=${EJABBERD_HTTP_PORT:-35280}
# A node name of our own, so this instance never collides with the packaged service (ejabberd@localhost) in epmd.
NODE=${EJABBERD_NODE:-ejabberd-bench@localhost}
# ejabberdctl sources its ctl config AFTER parsing --config, and Debian's /etc/ejabberd/ejabberdctl.cfg sets
# EJABBERD_CONFIG_PATH, silently overriding --config; so we pass a ctl config of our own (--ctl-config) too.
# Run ejabberdctl as the ejabberd user ourselves via setpriv: run as root it would re-run itself through su, and
# su's PAM session (pam_limits) resets the soft open-file limit to 1024 whatever ulimit we set. HOME must be the
# ejabberd user's: its .erlang.cookie lets ctl commands talk to the node.
CTL=(setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME=/var/lib/ejabberd
  ejabberdctl --node "$NODE" --config "$RUN_DIR/ejabberd.yml" --ctl-config "$RUN_DIR/ejabberdctl.cfg"
  --spool "$RUN_DIR/spool" --logs "$RUN_DIR/logs")
ctl() { "${CTL[@]}" "$@"; }

write_config() {
  # The node runs as the ejabberd user, so the run dir must belong to that user.
  mkdir -p "$RUN_DIR/spool" "$RUN_DIR/logs"
  make_cert "$RUN_DIR" ejabberd
  cat > "$RUN_DIR/ejabberdctl.cfg" <<CFG
# Written by bench/compare/ejabberd.sh. ERL_MAX_PORTS above the 20,000-file cap, so the VM is never the limit.
ERL_MAX_PORTS=32000
ERL_PROCESSES=250000
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
EJABBERD_PID_PATH=$RUN_DIR/ejabberd.pid
# Keep Erlang distribution (the node's dist port; epmd if this starts it) on loopback, not 0.0.0.0.
INET_DIST_INTERFACE=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
CFG
  cat > "$RUN_DIR/ejabberd.yml" <<YAML
# Written by bench/compare/ejabberd.sh; see the comments there.
hosts:
  - $COMPARE_DOMAIN
# warning and above: info lines per login cost CPU at hundreds of logins/s.
loglevel: warning
certfiles:
  - $RUN_DIR/both.pem
# Plain storage lets ejabberd offer PLAIN, SCRAM-SHA-1, SCRAM-SHA-256 and SCRAM-SHA-512 (it derives SCRAM keys at
# login); stored as scram it would offer only the one configured hash.
auth_method: internal
auth_password_format: plain
# c2s processes are killed above this many queued messages (default 10000); raised so a burst is not a kill.
max_fsm_queue: 100000
listen:
  - port: $C2S_PORT
    ip: "127.0.0.1"
    module: ejabberd_c2s
    # the listen backlog defaults to 5: a burst of connects (the logins/s scenario) would see SYN drops/retries
    backlog: 1024
    # STARTTLS offered with the self-signed certificate, not required: the load generator logs in over plain TCP.
    starttls: true
    starttls_required: false
    # no traffic shaping (the example config limits c2s to normal = 1,000 B/s)
    shaper: none
    max_stanza_size: 262144
    access: c2s
  - port: $HTTP_PORT
    ip: "127.0.0.1"
    module: ejabberd_http
    backlog: 1024
    request_handlers:
      /http-bind: mod_bosh
      /xmpp-websocket: ejabberd_http_ws
acl:
  local:
    user_regexp: ""
access_rules:
  c2s:
    allow: all
  local:
    allow: local
# No shapers anywhere: c2s_shaper none, and generous session / offline caps.
shaper: {}
shaper_rules:
  c2s_shaper: none
  s2s_shaper: none
  max_user_sessions: 10
  max_user_offline_messages: 5000
modules:
  mod_bosh: {}
  mod_disco: {}
  mod_offline: {}
  mod_ping: {}
  mod_roster: {}
  mod_stream_mgmt: {}
YAML
  chown -R ejabberd: "$RUN_DIR"
}

# register_all N → load1..loadN through ejabberd_auth:try_register/3 on the running node, from ONE hidden Erlang
# node over distribution (what ejabberdctl does internally, once per command). "ejabberdctl register" in parallel
# costs a VM start per account: 0.57 s each with xargs -P 4 here, i.e. ~3 h for 18,000; this takes seconds.
# An existing account is reported as {error,exists} and left unchanged, so the command is idempotent.
register_all() {
  setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME=/var/lib/ejabberd \
    erl -sname "bench-register-$$@localhost" -hidden -noshell -eval '
      [NodeS, NS, Host, Pass] = init:get_plain_arguments(),
      Node = list_to_atom(NodeS),
      Reg = fun(I) -> rpc:call(Node, ejabberd_auth, try_register,
                               [list_to_binary("load" ++ integer_to_list(I)), list_to_binary(Host),
                                list_to_binary(Pass)]) end,
      R = [Reg(I) || I <- lists:seq(1, list_to_integer(NS))],
      Bad = [X || X <- R, X =/= ok, X =/= {error, exists}],
      io:format("created ~p, existing ~p, failed ~p ~p~n",
                [length([x || ok <- R]), length([x || {error, exists} <- R]), length(Bad), lists:usort(Bad)]),
      init:stop(case Bad of [] -> 0; _ -> 1 end).' \
    -extra "$NODE" "$1" "$COMPARE_DOMAIN" "$COMPARE_PASSWORD"
}

pid() { pgrep -f -- "beam.*-sname $NODE" | head -1 || true; }
running() { [ -n "$(pid)" ]; }

case "${1:-}" in
  start)
    running && { echo "already running, pid $(pid)"; exit 0; }
    write_config
    # epmd (the Erlang port mapper) must run for the node name; ejabberdctl starts it on demand.
    ulimit -n "$COMPARE_NOFILE"
    # taskset is inherited by beam.smp and all its scheduler threads; the VM sizes its schedulers from the
    # affinity mask, so it runs one scheduler on the one core.
    taskset -c "$SERVER_CPUS" "${CTL[@]}" start
    ctl started || { echo "ejabberd did not start; see $RUN_DIR/logs" >&2; exit 1; }
    wait_port "$C2S_PORT" 30
    wait_port "$HTTP_PORT" 10
    echo "ejabberd started, pid $(pid); c2s 127.0.0.1:$C2S_PORT, BOSH http://127.0.0.1:$HTTP_PORT/http-bind," \
      "WebSocket ws://127.0.0.1:$HTTP_PORT/xmpp-websocket; logs $RUN_DIR/logs"
    ;;
  stop)
    if running; then ctl stop >/dev/null; ctl stopped >/dev/null || true; echo "ejabberd stopped"; else echo "ejabberd not running"; fi
    ;;
  users)
    n=${2:?usage: ejabberd.sh users N}
    running || { echo "start ejabberd first" >&2; exit 1; }
    start=$SECONDS
    register_all "$n"
    echo "ejabberd: $(ctl registered_users "$COMPARE_DOMAIN" | wc -l) accounts (asked for load1..load$n) in $((SECONDS - start)) s"
    ;;
  pid)
    # just the number, for scripts: ps -o rss= -p "$(bench/compare/ejabberd.sh pid)"
    running || { echo "ejabberd not running" >&2; exit 1; }
    echo "$(pid)"
    ;;
  status)
    running || { echo "ejabberd not running"; exit 1; }
    show_status ejabberd "$(pid)"
    ;;
  *)
    echo "usage: $0 start|stop|users N|status|pid" >&2; exit 2 ;;
esac
