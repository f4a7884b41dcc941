/**
 * The Starling load generator: a runnable jar ({@link io.starling.loadtest.LoadCommand}) and an in-process API
 * ({@link io.starling.loadtest.LoadRun#run(LoadOptions)}) that drive any XMPP server with standard XMPP only
 * (RFC 6120 streams, SASL and binding; RFC 6121 roster, presence and chat) over TCP, STARTTLS, direct TLS
 * (XEP-0368), BOSH (XEP-0124/0206) or WebSocket (RFC 7395), and report rates, errors and HdrHistogram latencies.
 */
package io.starling.loadtest;
