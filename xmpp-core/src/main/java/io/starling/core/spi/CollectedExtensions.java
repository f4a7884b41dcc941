package io.starling.core.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.starling.core.iq.IqHandler;
import io.starling.core.iq.IqKey;
import io.starling.core.xml.XmlElement;

/** Gathers what modules contribute while the server is assembled; single-threaded, read once after. */
public final class CollectedExtensions implements Extensions {
    private final Map<IqKey, IqHandler> iqHandlers = new LinkedHashMap<>();
    private final Set<String> discoFeatures = new LinkedHashSet<>();
    private final List<StanzaInterceptor> interceptors = new ArrayList<>();
    private final List<SessionListener> sessionListeners = new ArrayList<>();
    private final List<HttpEndpoint> httpEndpoints = new ArrayList<>();
    private final List<HealthCheck> healthChecks = new ArrayList<>();
    private final List<XmlElement> streamFeatures = new ArrayList<>();
    private DeliveryFallback deliveryFallback;
    private InboundGuard inboundGuard;
    private Backlog backlog;

    @Override
    public void iqHandler(IqKey key, IqHandler handler) {
        if (iqHandlers.putIfAbsent(key, handler) != null) {
            throw new IllegalStateException("two handlers for " + key);
        }
    }

    @Override
    public void discoFeature(String var) {
        discoFeatures.add(var);
    }

    @Override
    public void interceptor(StanzaInterceptor interceptor) {
        interceptors.add(interceptor);
    }

    @Override
    public void sessionListener(SessionListener listener) {
        sessionListeners.add(listener);
    }

    @Override
    public void httpEndpoint(HttpEndpoint endpoint) {
        httpEndpoints.add(endpoint);
    }

    @Override
    public void healthCheck(HealthCheck check) {
        healthChecks.add(check);
    }

    @Override
    public void streamFeature(XmlElement feature) {
        streamFeatures.add(feature);
    }

    @Override
    public void inboundGuard(InboundGuard guard) {
        if (inboundGuard != null) {
            throw new IllegalStateException("only one module may set the inbound guard");
        }
        inboundGuard = guard;
    }

    @Override
    public void backlog(Backlog newBacklog) {
        if (backlog != null) {
            throw new IllegalStateException("only one module may provide the backlog");
        }
        backlog = newBacklog;
    }

    @Override
    public void deliveryFallback(DeliveryFallback fallback) {
        if (deliveryFallback != null) {
            throw new IllegalStateException("only one module may replace the delivery fallback");
        }
        deliveryFallback = fallback;
    }

    public Map<IqKey, IqHandler> iqHandlers() {
        return Map.copyOf(iqHandlers);
    }

    public Set<String> discoFeatures() {
        return Set.copyOf(discoFeatures);
    }

    public List<StanzaInterceptor> interceptors() {
        return List.copyOf(interceptors);
    }

    public List<SessionListener> sessionListeners() {
        return List.copyOf(sessionListeners);
    }

    public List<HttpEndpoint> httpEndpoints() {
        return List.copyOf(httpEndpoints);
    }

    public List<HealthCheck> healthChecks() {
        return List.copyOf(healthChecks);
    }

    public List<XmlElement> streamFeatures() {
        return List.copyOf(streamFeatures);
    }

    /** The contributed guard, or one that lets everything through. */
    public InboundGuard inboundGuard() {
        return inboundGuard != null ? inboundGuard : InboundGuard.ALLOW_ALL;
    }

    /** The contributed backlog, or one that keeps nothing. */
    public Backlog backlog() {
        return backlog != null ? backlog : Backlog.NONE;
    }

    /** The contributed fallback, or the RFC default. */
    public DeliveryFallback deliveryFallback() {
        return deliveryFallback != null ? deliveryFallback : new RfcDeliveryFallback();
    }
}
