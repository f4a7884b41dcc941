/**
 * The XML stream engine: the immutable element model ({@link io.starling.core.xml.XmlElement}), the non-blocking
 * inbound decoder ({@link io.starling.core.xml.XmlStreamDecoder} over {@link io.starling.core.xml.XmlStreamParser},
 * Aalto) and the outbound encoder ({@link io.starling.core.xml.XmlStreamEncoder} over
 * {@link io.starling.core.xml.XmlWriter}).
 *
 * <p>Specifications:
 * <ul>
 *   <li>RFC 6120 §4 (XML streams): stream open and close (§4.2, §4.4), restart (§4.3.3), stream attributes (§4.7),
 *       namespaces and the {@code stream} prefix (§4.8), whitespace keepalives (§4.6.1), stream error conditions
 *       raised here (§4.9.3: {@code not-well-formed}, {@code restricted-xml}, {@code unsupported-encoding},
 *       {@code policy-violation});</li>
 *   <li>RFC 6120 §11 (XML usage): restrictions (§11.1: no comments, processing instructions, DTDs or entity
 *       references other than the predefined ones), namespaces (§11.2), whitespace (§11.7), UTF-8 only (§11.6);</li>
 *   <li>RFC 6120 §13.12: bounds on stanza size, nesting depth and attributes ({@link io.starling.core.xml.XmlLimits});</li>
 *   <li>RFC 3629 §4 (well-formed UTF-8); XML 1.0 §2.2 (legal characters), §2.11 and §3.3.3 (line-end and
 *       attribute-value normalization, which the writer's escaping preserves through);</li>
 *   <li>RFC 7395 (XMPP over WebSocket) is served later by a framed decoder that reuses
 *       {@link io.starling.core.xml.XmlTreeBuilder}.</li>
 * </ul>
 */
package io.starling.core.xml;
