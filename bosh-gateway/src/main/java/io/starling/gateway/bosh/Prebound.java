package io.starling.gateway.bosh;

/**
 * A BOSH session created and bound on a member's behalf (prebind), for a web page to attach to (Strophe's
 * {@code attach(jid, sid, rid)}).
 *
 * @param jid the bound full JID
 * @param sid the session id
 * @param rid the rid the client must send in its first request (then rid + 1, …); not one already used
 */
public record Prebound(String jid, String sid, long rid) {
}
