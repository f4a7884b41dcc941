#!/usr/bin/env bash
# Checks a comparison server's HTTP transports with curl:
#   bench/compare/http-check.sh PORT [DOMAIN]
# BOSH (XEP-0124/0206): POSTs a session creation body to /http-bind and expects a <body> carrying a sid.
# WebSocket (RFC 7395): sends the HTTP/1.1 upgrade request with the "xmpp" subprotocol to /xmpp-websocket and
# expects 101 Switching Protocols (curl then just closes; the XMPP exchange itself is the load generator's job).
set -euo pipefail
port=${1:?usage: http-check.sh PORT [DOMAIN]}
domain=${2:-localhost}

reply=$(curl -sS --max-time 10 -H 'Content-Type: text/xml; charset=utf-8' \
  --data "<body content='text/xml; charset=utf-8' hold='1' rid='$RANDOM$RANDOM' to='$domain' ver='1.6' wait='10'
    xml:lang='en' xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0'/>" \
  "http://127.0.0.1:$port/http-bind")
sid=$(grep -o "sid=['\"][^'\"]*" <<<"$reply" | cut -c6- || true)
[ -n "$sid" ] || { echo "FAIL BOSH on $port: no sid in: $reply"; exit 1; }
echo "BOSH http://127.0.0.1:$port/http-bind: session $sid; mechanisms:" \
  "$(grep -o '<mechanism>[^<]*' <<<"$reply" | cut -c12- | tr '\n' ' ')"

status=$(curl -sS --max-time 3 -o /dev/null -w '%{http_code}' --http1.1 \
  -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
  -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H 'Sec-WebSocket-Protocol: xmpp' \
  "http://127.0.0.1:$port/xmpp-websocket" 2>/dev/null || true)
[ "$status" = 101 ] || { echo "FAIL WebSocket on $port: HTTP $status"; exit 1; }
echo "WebSocket ws://127.0.0.1:$port/xmpp-websocket: 101 Switching Protocols"
