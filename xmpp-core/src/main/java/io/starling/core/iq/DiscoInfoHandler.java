package io.starling.core.iq;

import java.util.Collection;
import java.util.TreeSet;

import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;

/**
 * XEP-0030 §3.1 disco#info for the server: identity server/im and the features registered by the core and the
 * modules (each listed once, sorted).
 */
public final class DiscoInfoHandler extends StaticQueryHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.DISCO_INFO, "query");

    public DiscoInfoHandler(String serverName, Collection<String> features) {
        super(answer(serverName, features));
    }

    private static XmlElement answer(String serverName, Collection<String> features) {
        XmlElement.Builder b = XmlElement.builder(Namespaces.DISCO_INFO, "query");
        b.child(XmlElement.builder(Namespaces.DISCO_INFO, "identity")
                .attribute("category", "server").attribute("type", "im").attribute("name", serverName).build());
        for (String var : new TreeSet<>(features)) {
            b.child(XmlElement.builder(Namespaces.DISCO_INFO, "feature").attribute("var", var).build());
        }
        return b.build();
    }
}
