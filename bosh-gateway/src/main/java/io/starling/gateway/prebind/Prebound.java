package io.starling.gateway.prebind;

/**
 * A BOSH session the server created and bound for a member: what the page needs to attach to it.
 *
 * @param jid the bound full JID
 * @param sid the BOSH session id
 * @param rid the next request id the client must send (Strophe: {@code connection.attach(jid, sid, rid)})
 */
public record Prebound(String jid, String sid, long rid) {
}
