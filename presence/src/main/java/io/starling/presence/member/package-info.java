/**
 * What presence loads when a member is first needed: the roster with its version (RFC 6121 §2, XEP-0237) and the
 * block list (XEP-0191) in one read ({@link io.starling.presence.member.MemberRepository}), so that a login costs one
 * database round trip for them.
 */
package io.starling.presence.member;
