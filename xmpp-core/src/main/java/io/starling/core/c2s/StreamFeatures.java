package io.starling.core.c2s;

import java.util.List;

import io.starling.core.sasl.ChannelBinding;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;

/** Builds {@code <stream:features/>} for each negotiation step (RFC 6120 §4.3.2, §5.4.1, §6.4.1, §7.4). */
final class StreamFeatures {
    private static final String SASL_CB = "urn:xmpp:sasl-cb:0";

    private StreamFeatures() {
    }

    /** Before authentication: STARTTLS (required or not) and the SASL mechanisms usable now. */
    static XmlElement beforeAuth(boolean offerTls, boolean tlsRequired, List<String> mechanisms,
                                 ChannelBinding binding) {
        XmlElement.Builder features = XmlElement.builder(Namespaces.STREAMS, "features");
        if (offerTls) {
            XmlElement.Builder starttls = XmlElement.builder(Namespaces.TLS, "starttls");
            if (tlsRequired) {
                starttls.child(Namespaces.TLS, "required");
            }
            features.child(starttls.build());
        }
        if (!mechanisms.isEmpty()) {
            XmlElement.Builder mechs = XmlElement.builder(Namespaces.SASL, "mechanisms");
            for (String m : mechanisms) {
                mechs.textChild("mechanism", m);
            }
            features.child(mechs.build());
        }
        if (binding != null) {
            // XEP-0440: which channel-binding types the -PLUS mechanisms accept here.
            features.child(XmlElement.builder(SASL_CB, "sasl-channel-binding")
                    .child(XmlElement.builder(SASL_CB, "channel-binding").attribute("type", binding.type()).build())
                    .build());
        }
        return features.build();
    }

    /**
     * After authentication: resource binding, the legacy session feature marked optional (RFC 6121 erratum), stream
     * management (XEP-0198 §2, only now that the client is authenticated), and what modules add (roster
     * versioning, pre-approval…).
     */
    static XmlElement afterAuth(List<XmlElement> extra) {
        XmlElement.Builder features = XmlElement.builder(Namespaces.STREAMS, "features")
                .child(Namespaces.BIND, "bind")
                .child(XmlElement.builder(Namespaces.SESSION, "session").child(Namespaces.SESSION, "optional").build())
                .child(SmElements.feature());
        for (XmlElement e : extra) {
            features.child(e);
        }
        return features.build();
    }
}
