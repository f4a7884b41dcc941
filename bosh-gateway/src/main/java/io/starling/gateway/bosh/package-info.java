/**
 * BOSH, XEP-0124 (Bidirectional-streams Over Synchronous HTTP) carrying XMPP as XEP-0206 specifies, at
 * {@code /http-bind}. A {@link io.starling.gateway.bosh.BoshRoute} parses each request's {@code <body/>}
 * ({@code BoshBody}) and hands it to its session; {@link io.starling.gateway.bosh.BoshSessions} creates sessions
 * (§7) and prebinds them; a {@code BoshSession} is one client stream's transport: it feeds payloads, in rid order
 * ({@code RidWindow}), to the shared c2s state machine and answers held requests ({@code HeldRequests}, which also
 * keep the session's one timeout) with the stream's output ({@code OutputQueue}). Implemented:
 * <ul>
 *   <li>§7 creation with 'wait', 'hold', 'requests', 'polling', 'inactivity', 'maxpause', 'ack', 'authid';
 *       XEP-0206 §4 the first stream features in the creation response, §5 restarts ({@code xmpp:restart});</li>
 *   <li>§8 long polling: output queued and written into the oldest held request, one response per burst;</li>
 *   <li>§9 acknowledgements of the highest rid processed; §10 pause; §11 overactivity; §12 polling sessions;</li>
 *   <li>§13 termination by the client, after its payload; server-side closes and stream errors as
 *       {@code remote-stream-error} with the {@code <stream:error/>};</li>
 *   <li>§14 rid order, the window, retransmissions answered from the last responses;</li>
 *   <li>§17.2 terminal conditions ({@code BoshCondition}).</li>
 * </ul>
 * When a session ends or the server closes its stream, the messages in its output that no response carried go back
 * to the stream, which routes them again (offline storage): without XEP-0198 nothing else knows they never reached
 * the client.
 * Not implemented: §15 key sequences (TLS protects sessions), §16 multiple streams, the 'content' and 'route'
 * attributes (ignored).
 */
package io.starling.gateway.bosh;
