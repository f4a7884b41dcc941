#!/usr/bin/env python3
"""Smoke check of a comparison server over plain TCP (RFC 6120): stream open, SASL PLAIN, stream restart,
resource bind, a chat message to oneself that must come back, close. Python 3 stdlib only.

    bench/compare/smoke.py PORT [USER] [PASSWORD] [DOMAIN] [MECHANISM]
        (defaults: load1 secret localhost, and PLAIN if offered, else SCRAM-SHA-256, else SCRAM-SHA-1)

Prints the SASL mechanisms and stream features the server offers before authentication (the load generator
speaks PLAIN, SCRAM-SHA-1 and SCRAM-SHA-256) and exits 0 only if every step succeeded.
"""
import base64
import hashlib
import hmac
import os
import re
import socket
import sys
import time

PORT = int(sys.argv[1])
USER = sys.argv[2] if len(sys.argv) > 2 else "load1"
PASSWORD = sys.argv[3] if len(sys.argv) > 3 else "secret"
DOMAIN = sys.argv[4] if len(sys.argv) > 4 else "localhost"
MECHANISM = sys.argv[5] if len(sys.argv) > 5 else None

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
if MECHANISM is None:
    MECHANISM = next((m for m in ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-1") if m in mechanisms), None)
if MECHANISM not in mechanisms:
    fail(f"{MECHANISM or 'none of PLAIN, SCRAM-SHA-256, SCRAM-SHA-1'} not offered on the unencrypted stream")

SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
OUTCOME = r"<success[^>]*/>|<success.*?</success>|<failure.*?</failure>"


def b64(data):
    return base64.b64encode(data).decode("ascii")


def scram(digest):
    """RFC 5802 client, no channel binding (gs2 header n,,)."""
    nonce = b64(os.urandom(18))
    first_bare = f"n={USER},r={nonce}"
    send(f"<auth xmlns='{SASL}' mechanism='{MECHANISM}'>{b64(('n,,' + first_bare).encode())}</auth>")
    m = read_until(r"<challenge[^>]*>([^<]*)</challenge>|" + OUTCOME, "SCRAM challenge")
    if not m.group(1):
        return m.group(0)
    server_first = base64.b64decode(m.group(1)).decode()
    attrs = dict(part.split("=", 1) for part in server_first.split(","))
    salted = hashlib.pbkdf2_hmac(digest, PASSWORD.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
    client_key = hmac.new(salted, b"Client Key", digest).digest()
    stored_key = hashlib.new(digest, client_key).digest()
    final_bare = f"c=biws,r={attrs['r']}"
    auth_message = f"{first_bare},{server_first},{final_bare}".encode()
    signature = hmac.new(stored_key, auth_message, digest).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    send(f"<response xmlns='{SASL}'>{b64((final_bare + ',p=' + b64(proof)).encode())}</response>")
    return read_until(OUTCOME, "SASL outcome").group(0)


if MECHANISM == "PLAIN":
    send(f"<auth xmlns='{SASL}' mechanism='PLAIN'>{b64(f'{chr(0)}{USER}{chr(0)}{PASSWORD}'.encode())}</auth>")
    outcome = read_until(OUTCOME, "SASL outcome").group(0)
else:
    outcome = scram("sha256" if MECHANISM == "SCRAM-SHA-256" else "sha1")
if not outcome.startswith("<success"):
    fail(f"authentication: {outcome}")
print(f"  {MECHANISM} login as {USER}: ok")

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
