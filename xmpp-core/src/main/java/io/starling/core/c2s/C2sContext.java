package io.starling.core.c2s;

import java.util.List;

import io.starling.core.config.AuthConfig;
import io.starling.core.config.C2sConfig;
import io.starling.core.sasl.AuthThrottle;
import io.starling.core.sasl.ChannelBinding;
import io.starling.core.sasl.SaslMechanisms;
import io.starling.core.session.Router;
import io.starling.core.session.SessionRegistry;
import io.starling.core.spi.Backlog;
import io.starling.core.spi.SessionListener;
import io.starling.core.spi.StanzaInterceptor;
import io.starling.core.xml.XmlElement;

/**
 * What every client session shares: settings and services. One instance per server; sessions keep only a
 * reference, so their own state stays small. {@code streamFeatures} are modules' extra post-authentication
 * features (roster versioning, pre-approval); {@code backlog} supplies kept stanzas at initial presence;
 * {@code resumptions} finds XEP-0198 sessions to resume; {@code leftovers} counts the messages of ended sessions still
 * being routed again, for the shutdown to wait for. {@code channelBinding} is the server certificate's
 * tls-server-end-point binding (RFC 5929) for the SCRAM -PLUS mechanisms, or null to offer none.
 */
public record C2sContext(String domain, C2sConfig config, AuthConfig auth, SaslMechanisms mechanisms,
                         ChannelBinding channelBinding, AuthThrottle throttle, SessionRegistry registry, Router router,
                         List<StanzaInterceptor> interceptors, List<SessionListener> listeners,
                         List<XmlElement> streamFeatures, Backlog backlog, ResumptionRegistry resumptions,
                         LeftoverRoutings leftovers) {
    public C2sContext {
        interceptors = List.copyOf(interceptors);
        listeners = List.copyOf(listeners);
        streamFeatures = List.copyOf(streamFeatures);
    }
}
