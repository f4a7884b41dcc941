package io.starling.core.iq;

import java.util.List;
import java.util.Set;

import io.starling.core.jid.Jid;
import io.starling.core.spi.Extensions;
import io.starling.core.spi.ServerModule;
import io.starling.core.stanza.Namespaces;

/**
 * The IQs every server answers: XEP-0199 ping, XEP-0092 version, the legacy session IQ. Disco is assembled last
 * by the server, once every module has named its features (see {@link DiscoInfoHandler}).
 */
public final class CoreIqModule implements ServerModule {
    private final String version;

    public CoreIqModule(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "core-iq";
    }

    @Override
    public void contribute(Extensions extensions) {
        extensions.iqHandler(PingHandler.KEY, new PingHandler());
        extensions.iqHandler(VersionHandler.KEY, new VersionHandler("Starling", version));
        SessionHandler session = new SessionHandler();
        extensions.iqHandler(SessionHandler.KEY, session);
        extensions.iqHandler(SessionHandler.OWN_ACCOUNT_KEY, session);
        for (String feature : List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.PING,
                Namespaces.VERSION)) {
            extensions.discoFeature(feature);
        }
    }

    /** The disco handlers over the final feature set and item list. */
    public static void contributeDisco(Extensions extensions, Set<String> features, List<Jid> items) {
        extensions.iqHandler(DiscoInfoHandler.KEY, new DiscoInfoHandler("Starling", features));
        extensions.iqHandler(DiscoItemsHandler.KEY, new DiscoItemsHandler(items));
    }
}
