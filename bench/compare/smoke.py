#!/usr/bin/env python3
"""Smoke check of a comparison server over plain TCP (RFC 6120): stream open, SASL PLAIN, stream restart,
resource bind, a chat message to oneself that must come back, close. Python 3 stdlib only.

    bench/compare/smoke.py PORT [USER] [PASSWORD] [DOMAIN]     (defaults: load1 secret localhost)

Prints the SASL mechanisms and stream features the server offers before authentication (the load generator
speaks PLAIN, SCRAM-SHA-1 and SCRAM-SHA-256) and exits 0 only if every step succeeded.
"""
import base64
import re
import socket
import sys
import time

PORT = int(sys.argv[1])
USER = sys.argv[2] if len(sys.argv) > 2 else "load1"
PASSWORD = sys.argv[3] if len(sys.argv) > 3 else "secret"
DOMAIN = sys.argv[4] if len(sys.argv) > 4 else "localhost"

sock = socket.create_connection(("127.0.0.1", PORT), timeout=5)
buffer = ""


def send(xml):
    sock.sendall(xml.encode("utf-8"))


def read_until(pattern, what):
    """Reads until the accumulated input matches pattern (a regex), returns the match; fails after 5 s."""
    global buffer
    deadline = time.time() + 5
    while True:
        m = re.search(pattern, buffer, re.S)
        if m:
            buffer = buffer[m.end():]
            return m
        if time.time() > deadline:
            fail(f"timed out waiting for {what}; got: {buffer[:500]!r}")
        chunk = sock.recv(65536)
        if not chunk:
            fail(f"connection closed waiting for {what}; got: {buffer[:500]!r}")
        buffer += chunk.decode("utf-8")


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


def open_stream():
    send(f"<?xml version='1.0'?><stream:stream to='{DOMAIN}' version='1.0' xml:lang='en' "
         "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>")
    return read_until(r"<stream:features.*?</stream:features>", "stream features").group(0)


features = open_stream()
mechanisms = re.findall(r"<mechanism>([^<]+)</mechanism>", features)
print(f"port {PORT}: SASL mechanisms offered: {' '.join(mechanisms)}")
tls_required = bool(re.search(r"<starttls[^>]*>\s*<required", features))
print(f"  STARTTLS offered: {'urn:ietf:params:xml:ns:xmpp-tls' in features}, required: {tls_required}")
if "PLAIN" not in mechanisms:
    fail("PLAIN not offered on the unencrypted stream")

token = base64.b64encode(f"\0{USER}\0{PASSWORD}".encode("utf-8")).decode("ascii")
send(f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{token}</auth>")
outcome = read_until(r"<success[^>]*/>|<success.*?</success>|<failure.*?</failure>", "SASL outcome").group(0)
if not outcome.startswith("<success"):
    fail(f"authentication: {outcome}")
print(f"  PLAIN login as {USER}: ok")

open_stream()  # RFC 6120 §6.4.6: restart after SASL success
send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>smoke</resource></bind></iq>")
jid = read_until(r"<iq[^>]*id=['\"]bind1['\"][^>]*>.*?<jid>([^<]+)</jid>", "bind result").group(1)
print(f"  bound {jid}")

send(f"<message to='{jid}' type='chat' id='m1'><body>smoke</body></message>")
read_until(r"<message[^>]*>.*?<body>smoke</body>.*?</message>", "the message to self")
print("  message to self: delivered")

send("</stream:stream>")
read_until(r"</stream:stream>", "the closing stream tag")
sock.close()
print("  close: ok")
print("OK")
