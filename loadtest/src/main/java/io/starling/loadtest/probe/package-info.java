/**
 * {@code starling-probe}: a synthetic-client health check with Nagios plugin conventions (Monitoring Plugins
 * Development Guidelines: one status line, perfdata {@code 'label'=value[UOM];[warn];[crit];[min];[max]}, exit codes
 * 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 *
 * <p>The probe logs two members in with Smack (an independent client, so it checks Prosody or ejabberd as well as
 * Starling), over TCP with STARTTLS (RFC 6120 §5) or BOSH (XEP-0124/XEP-0206), sends a chat message each way
 * (RFC 6121 §5), a directed presence from one member to the other's full JID (RFC 6121 §4.6, no roster needed), and
 * closes both streams (RFC 6120 §4.4), timing each step. A plugin timeout ({@code -t}) reports CRITICAL.
 */
package io.starling.loadtest.probe;
