/**
 * Blocking command (XEP-0191): the immutable {@link io.starling.presence.block.BlockList} with its JID matching
 * (XEP-0191 §6), its storage interface, and {@link io.starling.presence.block.BlockingCodec}, which reads
 * blocklist requests and block/unblock commands (§3.2 to §3.5) and writes results, pushes and the
 * {@code <blocked/>} error condition (§3.3).
 */
package io.starling.presence.block;
