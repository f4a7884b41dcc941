package io.starling.gateway;

import io.netty.util.Timer;
import io.starling.core.c2s.C2sContext;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/**
 * What the gateway's transports share: the client-session context (the same as TCP's, so negotiation, stream
 * management and routing are written once), the gateway's settings, the XML parser with the c2s limits, and one
 * timer wheel for every BOSH wait and inactivity timeout (a held request costs a wheel slot, not a heap task).
 */
public record GatewayContext(C2sContext c2s, GatewayConfig config, XmlParserFactory parsers, XmlLimits limits,
                             Timer timer) {
}
