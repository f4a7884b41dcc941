/** Load-run measurements: HdrHistogram latencies (connect, TLS, SASL, login, end-to-end message) and counters. */
package io.starling.loadtest.metrics;
