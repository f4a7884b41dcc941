package io.starling.core.spi;

import io.starling.core.iq.IqHandler;
import io.starling.core.iq.IqKey;
import io.starling.core.xml.XmlElement;

/** What modules register with the core while the server is assembled (single-threaded, before start). */
public interface Extensions {
    /** Handles IQ get/set with this payload; a second handler for the same key is an error. */
    void iqHandler(IqKey key, IqHandler handler);

    /** Advertises a feature var in the server's disco#info (XEP-0030). */
    void discoFeature(String var);

    void interceptor(StanzaInterceptor interceptor);

    void sessionListener(SessionListener listener);

    void httpEndpoint(HttpEndpoint endpoint);

    void healthCheck(HealthCheck check);

    /** Adds a stream feature offered after authentication, next to resource binding (e.g. roster versioning). */
    void streamFeature(XmlElement feature);

    /** Sets the guard the router asks before delivering to a member; only one module may. */
    void inboundGuard(InboundGuard guard);

    /** Sets where kept stanzas come from at initial presence (offline messages); only one module may. */
    void backlog(Backlog backlog);

    /** Replaces the default delivery fallback; only one module may. */
    void deliveryFallback(DeliveryFallback fallback);
}
