package io.starling.core.iq;

import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;

/** XEP-0092: software name and version; the OS is not disclosed (§2, it is optional). */
public final class VersionHandler extends StaticQueryHandler {
    public static final IqKey KEY = IqKey.server(Namespaces.VERSION, "query");

    public VersionHandler(String name, String version) {
        super(XmlElement.builder(Namespaces.VERSION, "query")
                .textChild("name", name)
                .textChild("version", version)
                .build());
    }
}
