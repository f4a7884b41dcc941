package io.starling.server.testing;

import org.jivesoftware.smack.packet.IQ;

/** XEP-0186 {@code <invisible/>} and {@code <visible/>} IQ sets, which Smack has no API for. */
public final class InvisibilityCommand extends IQ {
    public static final String NAMESPACE = "urn:xmpp:invisible:1";
    /** XEP-0186 before version 0.12: no 'probe' attribute. */
    public static final String LEGACY_NAMESPACE = "urn:xmpp:invisible:0";

    private final Boolean probe;

    private InvisibilityCommand(String element, String namespace, Boolean probe) {
        super(element, namespace);
        this.probe = probe;
        setType(Type.set);
    }

    /** {@code <invisible xmlns='urn:xmpp:invisible:1' probe='…'/>}. */
    public static InvisibilityCommand invisible(boolean probe) {
        return new InvisibilityCommand("invisible", NAMESPACE, probe);
    }

    /** {@code <invisible xmlns='urn:xmpp:invisible:0'/>}. */
    public static InvisibilityCommand legacyInvisible() {
        return new InvisibilityCommand("invisible", LEGACY_NAMESPACE, null);
    }

    /** {@code <visible xmlns='urn:xmpp:invisible:1'/>}. */
    public static InvisibilityCommand visible() {
        return new InvisibilityCommand("visible", NAMESPACE, null);
    }

    /** {@code <visible xmlns='urn:xmpp:invisible:0'/>}. */
    public static InvisibilityCommand legacyVisible() {
        return new InvisibilityCommand("visible", LEGACY_NAMESPACE, null);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        if (probe != null) {
            xml.attribute("probe", probe.toString());
        }
        xml.setEmptyElement();
        return xml;
    }
}
