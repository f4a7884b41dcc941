#!/usr/bin/env node
// Drives an XEP-0114 component written with xmpp.js (@xmpp/component) against a Starling server; run by ComponentIT.
//
//   node component-scenario.mjs --service xmpp://127.0.0.1:PORT --domain DOMAIN --password SECRET
//        [--send 'TO|FROM|BODY']... [--expect TEXT]... [--expect-error CONDITION] [--timeout-ms MS]
//
// Once the handshake succeeds it sends one chat message per --send (FROM empty = the component's domain), then waits
// until it has received one message whose body contains each --expect, or, with --expect-error, until the server
// ends the stream with that stream error condition; then it stops.
//
// stdout: one JSON object per line: {"event":"online","address":…}, {"event":"sent","to":…,"from":…},
// {"event":"message","from":…,"to":…,"type":…,"body":…,"error":…}, {"event":"stream-error","condition":…},
// then {"event":"done"} (exit 0) or {"event":"failed","reason":…} (exit 1 on a failure, 2 on timeout, 3 on bad
// arguments). stderr: the XMPP traffic, for diagnosis.
import { parseArgs } from 'node:util';
import xmppComponent from '@xmpp/component';
import { emit, trace } from './lib/events.mjs';

const { component, xml } = xmppComponent;

function options() {
  const { values } = parseArgs({
    options: {
      service: { type: 'string' },
      domain: { type: 'string' },
      password: { type: 'string' },
      send: { type: 'string', multiple: true, default: [] },
      expect: { type: 'string', multiple: true, default: [] },
      'expect-error': { type: 'string' },
      'timeout-ms': { type: 'string', default: '20000' },
    },
  });
  for (const name of ['service', 'domain', 'password']) {
    if (!values[name]) throw new Error(`--${name} is required`);
  }
  const sends = values.send.map((spec) => {
    const [to, from, body] = spec.split('|');
    if (!to || body === undefined) throw new Error(`--send must be TO|FROM|BODY, was ${spec}`);
    return { to, from: from || values.domain, body };
  });
  return { ...values, sends, timeoutMs: Number(values['timeout-ms']) };
}

async function run(opts) {
  const xmpp = component({ service: opts.service, domain: opts.domain, password: opts.password });
  xmpp.reconnect.stop(); // a failure must show, not be retried
  const pending = new Set(opts.expect);
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  const check = () => {
    if (pending.size === 0 && !opts['expect-error']) finish({ ok: true });
  };

  xmpp.on('element', (el) => trace('IN ', el.toString()));
  xmpp.on('send', (el) => trace('OUT', el.toString()));
  xmpp.on('error', (err) => {
    if (err.condition) {
      emit({ event: 'stream-error', condition: err.condition, text: err.text ?? null });
      finish(err.condition === opts['expect-error'] ? { ok: true }
        : { ok: false, reason: `stream error ${err.condition}` });
    } else {
      finish({ ok: false, reason: String(err && err.message ? err.message : err) });
    }
  });
  xmpp.on('stanza', (stanza) => {
    if (!stanza.is('message')) return;
    const body = stanza.getChildText('body');
    const error = stanza.getChild('error');
    emit({
      event: 'message', from: stanza.attrs.from, to: stanza.attrs.to, type: stanza.attrs.type ?? null, body,
      error: error ? error.children.filter((c) => typeof c !== 'string').map((c) => c.name).find((n) => n !== 'text') ?? null : null,
    });
    for (const text of [...pending]) {
      if (body && body.includes(text)) pending.delete(text);
    }
    check();
  });
  xmpp.on('online', async (address) => {
    emit({ event: 'online', address: address.toString() });
    for (const [i, s] of opts.sends.entries()) {
      await xmpp.send(xml('message', { to: s.to, from: s.from, type: 'chat', id: `c${i}` }, xml('body', {}, s.body)));
      emit({ event: 'sent', to: s.to, from: s.from });
    }
    check();
  });

  const timer = setTimeout(() => finish({ ok: false, timeout: true, reason: 'timed out' }), opts.timeoutMs);
  xmpp.start().catch((err) => finish({ ok: false, reason: `start failed: ${err.condition ?? err.message}` }));
  const outcome = await finished;
  clearTimeout(timer);
  try {
    await Promise.race([xmpp.stop(), new Promise((r) => setTimeout(r, 2000))]);
  } catch (err) {
    trace('stop failed:', err.message);
  }
  return outcome;
}

let opts;
try {
  opts = options();
} catch (err) {
  emit({ event: 'failed', reason: err.message });
  process.exit(3);
}
const outcome = await run(opts);
if (outcome.ok) {
  emit({ event: 'done' });
  process.exit(0);
}
emit({ event: 'failed', reason: outcome.reason });
process.exit(outcome.timeout ? 2 : 1);
