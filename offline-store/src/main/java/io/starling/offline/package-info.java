/**
 * Offline messages: durable per-recipient delivery for members with no available resource.
 * <ul>
 *   <li>XEP-0160 (Best Practices for Handling Offline Messages): §2 the process flow — store when no resource has
 *       non-negative priority, {@code service-unavailable} when the member's storage is full, deliver at the next
 *       initial presence with a XEP-0203 delay notice; §3 which message types are kept ({@link
 *       io.starling.offline.OfflinePolicy}); §4 the {@code msgoffline} disco feature.</li>
 *   <li>XEP-0203 (Delayed Delivery): the {@code <delay/>} added to a stored message ({@link
 *       io.starling.offline.DelayStamp}).</li>
 *   <li>XEP-0334 (Message Processing Hints): {@code <no-store/>} keeps a message out of storage, {@code <store/>}
 *       marks a headline notification for storage.</li>
 *   <li>RFC 6121 §8.5.2.2.1: what a message to a member without available resources gets when it is not stored.</li>
 * </ul>
 * Plugs into xmpp-core as its {@code DeliveryFallback} and {@code Backlog}; never imports Netty.
 */
package io.starling.offline;
