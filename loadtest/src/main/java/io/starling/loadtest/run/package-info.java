/**
 * Running a load scenario: members (one client stream each, confined to one event loop), the login launcher
 * (ramp and concurrency), and the rate-driven traffic of chat (RFC 6121 §5) and presence churn (RFC 6121 §4).
 */
package io.starling.loadtest.run;
