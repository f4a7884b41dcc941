package io.starling.core.iq;

import java.util.List;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;

/** XEP-0030 §4 disco#items for the server: the services it hosts (none until components arrive). */
public final class DiscoItemsHandler extends StaticQueryHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.DISCO_ITEMS, "query");

    public DiscoItemsHandler(List<Jid> items) {
        super(answer(items));
    }

    private static XmlElement answer(List<Jid> items) {
        XmlElement.Builder b = XmlElement.builder(Namespaces.DISCO_ITEMS, "query");
        for (Jid item : items) {
            b.child(XmlElement.builder(Namespaces.DISCO_ITEMS, "item").attribute("jid", item.toString()).build());
        }
        return b.build();
    }
}
