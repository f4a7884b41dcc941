#!/usr/bin/env node
// Drives Strophe.js in headless Chromium against a Starling server; run by the Java ITs (BrowserScenario).
//
//   node strophe-scenario.mjs --scenario bosh-login|websocket-login|attach --page-port N --service URL
//        --jid JID [--password P | --sid SID --rid RID] [--to JID --body TEXT] [--expect TEXT]... [--timeout-ms MS]
//
// The page is served from http://127.0.0.1:<page-port>/ (cross-origin to the server), Strophe's UMD build is loaded
// into it, and the connection logs in (bosh-login over http://…/http-bind, websocket-login over ws://…/xmpp-websocket)
// or attaches to a prebound BOSH session (attach). Once connected it sends presence and, with --to/--body, one chat
// message, then waits until it has received one message whose body contains each --expect, and disconnects.
//
// stdout: one JSON object per line: {"event":"loaded","strophe":…}, {"event":"status","status":"CONNECTING",…},
// {"event":"connected","jid":…}, {"event":"message","from":…,"type":…,"body":…,"error":…}, {"event":"http-error",…},
// then {"event":"done"} (exit 0) or {"event":"failed","reason":…,"status":…,"condition":…,"error":…} (exit 1 on a
// failure, 2 on timeout, 3 on bad arguments). stderr: the XMPP traffic and the page's console, for diagnosis.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './lib/chromium.mjs';
import { emit, trace } from './lib/events.mjs';
import { servePage } from './lib/page-server.mjs';
import { startStrophe } from './lib/strophe-page.mjs';

const STROPHE_UMD = join(dirname(createRequire(import.meta.url).resolve('strophe.js/package.json')),
  'dist', 'strophe.umd.cjs');
const FAILURE_STATUSES = new Set(['ERROR', 'CONNFAIL', 'AUTHFAIL', 'CONNTIMEOUT', 'ATTACHFAIL', 'DISCONNECTED']);
const SCENARIOS = {
  'bosh-login': { scheme: /^https?:/, needs: ['jid', 'password'] },
  'websocket-login': { scheme: /^wss?:/, needs: ['jid', 'password'] },
  attach: { scheme: /^https?:/, needs: ['jid', 'sid', 'rid'] },
};

function options() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      'page-port': { type: 'string' },
      service: { type: 'string' },
      jid: { type: 'string' },
      password: { type: 'string' },
      sid: { type: 'string' },
      rid: { type: 'string' },
      to: { type: 'string' },
      body: { type: 'string' },
      expect: { type: 'string', multiple: true, default: [] },
      'timeout-ms': { type: 'string', default: '20000' },
    },
  });
  const scenario = SCENARIOS[values.scenario];
  if (!scenario) throw new Error(`--scenario must be one of ${Object.keys(SCENARIOS).join(', ')}`);
  if (!values['page-port'] || !values.service) throw new Error('--page-port and --service are required');
  if (!scenario.scheme.test(values.service)) throw new Error(`${values.scenario} cannot use ${values.service}`);
  const missing = scenario.needs.filter((name) => !values[name]);
  if (missing.length > 0) throw new Error(`${values.scenario} needs --${missing.join(', --')}`);
  return { ...values, pagePort: Number(values['page-port']), timeoutMs: Number(values['timeout-ms']) };
}

/** Resolves with {ok: true} once every expectation is met, or {ok: false, …} on the first failure. */
function outcomeTracker(expectations) {
  const pending = [...expectations];
  let lastStatus = null;
  let settle;
  const outcome = new Promise((resolve) => { settle = resolve; });
  const check = () => { if (pending.length === 0) settle({ ok: true }); };
  return {
    outcome,
    fail: (failure) => settle({ ok: false, status: lastStatus?.status ?? null,
      condition: lastStatus?.condition ?? null, ...failure }),
    onEvent(event) {
      emit(event);
      if (event.event === 'status') {
        lastStatus = event;
        if (FAILURE_STATUSES.has(event.status)) {
          this.fail({ reason: 'status', error: `Strophe reported ${event.status}` });
        }
      } else if (event.event === 'connected') {
        check();
      } else if (event.event === 'message') {
        if (event.type === 'error') {
          this.fail({ reason: 'stanza-error', error: `error from ${event.from}: ${event.error}` });
        }
        const i = pending.findIndex((text) => (event.body ?? '').includes(text));
        if (i >= 0) pending.splice(i, 1);
        if (pending.length === 0) check();
      }
    },
    pending,
  };
}

async function run(o) {
  const tracker = outcomeTracker(o.expect);
  let connected = false;
  const timer = setTimeout(() => tracker.fail({ reason: 'timeout',
    error: `no ${connected ? `message containing ${JSON.stringify(tracker.pending)}` : 'connection'}`
      + ` within ${o.timeoutMs} ms` }), o.timeoutMs);
  const pageServer = await servePage(o.pagePort);
  let browser = null;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('console', (m) => trace('console', m.type(), m.text()));
    page.on('pageerror', (e) => trace('pageerror', e.message));
    page.on('requestfailed', (r) => trace('requestfailed', r.method(), r.url(), r.failure()?.errorText));
    page.on('response', (r) => {
      if (r.status() >= 400) emit({ event: 'http-error', url: r.url(), status: r.status() });
    });
    page.on('websocket', (ws) => {
      trace('websocket', ws.url());
      ws.on('socketerror', (e) => trace('websocket error', e));
      ws.on('close', () => trace('websocket closed', ws.url()));
    });
    await page.exposeFunction('starlingTrace', (...parts) => trace(...parts));
    await page.exposeFunction('starlingReport', (event) => {
      if (event.event === 'connected') connected = true;
      tracker.onEvent(event);
    });
    await page.goto(`${pageServer.origin}/`);
    await page.addScriptTag({ content: readFileSync(STROPHE_UMD, 'utf8') });
    const version = await page.evaluate(() => (typeof Strophe === 'undefined' ? null : Strophe.VERSION));
    if (version === null) throw new Error(`Strophe did not load from ${STROPHE_UMD}`);
    emit({ event: 'loaded', strophe: version, origin: pageServer.origin });
    await page.evaluate(startStrophe, {
      scenario: o.scenario, service: o.service, jid: o.jid, password: o.password, sid: o.sid, rid: o.rid,
      to: o.to, body: o.body,
    });
    const result = await tracker.outcome;
    if (!result.ok) return result;
    await page.evaluate(() => window.starlingDisconnect());
    return result;
  } catch (e) {
    return { ok: false, reason: 'error', status: null, condition: null, error: e.message };
  } finally {
    clearTimeout(timer);
    await browser?.close().catch((e) => trace('closing chromium failed:', e.message));
    await pageServer.close();
  }
}

let o;
try {
  o = options();
} catch (e) {
  emit({ event: 'failed', reason: 'usage', status: null, condition: null, error: e.message });
  process.exit(3);
}
const result = await run(o);
if (result.ok) {
  emit({ event: 'done' });
  process.exit(0);
}
const { ok, ...failure } = result;
emit({ event: 'failed', ...failure });
process.exit(failure.reason === 'timeout' ? 2 : 1);
