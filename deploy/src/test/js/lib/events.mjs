// The drivers' output: one JSON object per line on stdout (what the Java fixture parses), free-form diagnostics on
// stderr (shown by the Java fixture when a scenario fails).

/** Writes one event, e.g. {event: 'connected', jid: 'alice@localhost/web'}, as a JSON line on stdout. */
export function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** Writes a diagnostic line on stderr. */
export function trace(...parts) {
  process.stderr.write(`${new Date().toISOString()} ${parts.join(' ')}\n`);
}
