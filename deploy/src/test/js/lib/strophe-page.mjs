// What runs inside the page: a Strophe.js connection that reports to the driver through the functions the driver
// exposed (window.starlingReport, window.starlingTrace). Passed to page.evaluate, so it must not use anything from
// this module's scope.

/**
 * Starts a Strophe connection. o: {scenario, service, jid, password, sid, rid, to, body}. Logs in with jid/password,
 * or attaches to a prebound BOSH session (scenario 'attach', with sid and rid = the next RID to send). Once connected
 * it sends available presence and, when o.to and o.body are set, one chat message. Reports {event: 'status'} on
 * every status change, {event: 'connected', jid} once, {event: 'message'} for every message received.
 */
export function startStrophe(o) {
  const { Strophe, $pres, $msg } = window;
  const report = (event) => window.starlingReport(event);
  const names = Object.fromEntries(Object.entries(Strophe.Status).map(([name, code]) => [code, name]));
  const conn = new Strophe.Connection(o.service);
  let disconnected = null;
  let online = false;
  conn.rawInput = (data) => window.starlingTrace('<<', data);
  conn.rawOutput = (data) => window.starlingTrace('>>', data);
  conn.addHandler((msg) => {
    const body = msg.getElementsByTagName('body')[0];
    const error = msg.getElementsByTagName('error')[0];
    report({
      event: 'message',
      from: msg.getAttribute('from'),
      type: msg.getAttribute('type'),
      body: body ? body.textContent : null,
      error: error && error.firstElementChild ? error.firstElementChild.localName : null,
    });
    return true;
  }, null, 'message');

  const onStatus = (status, condition) => {
    report({ event: 'status', status: names[status] ?? String(status), condition: condition ?? null });
    if ((status === Strophe.Status.CONNECTED || status === Strophe.Status.ATTACHED) && !online) {
      // Strophe may report a status twice (it does for CONNFAIL over WebSocket); greet the server only once.
      online = true;
      report({ event: 'connected', jid: conn.jid });
      conn.send($pres());
      if (o.to && o.body) {
        conn.send($msg({ to: o.to, type: 'chat' }).c('body').t(o.body));
      }
    } else if (status === Strophe.Status.DISCONNECTED && disconnected) {
      disconnected();
    }
  };

  window.starlingDisconnect = () => new Promise((resolve) => {
    disconnected = resolve;
    setTimeout(resolve, 3000);
    conn.disconnect('done');
  });

  if (o.scenario === 'attach') {
    conn.attach(o.jid, o.sid, Number(o.rid), onStatus);
  } else {
    conn.connect(o.jid, o.password, onStatus);
  }
  return Strophe.VERSION;
}
