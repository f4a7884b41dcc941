package io.starling.core.xml;

import java.util.Objects;

/** Character data, unescaped. */
public record XmlText(String text) implements XmlNode {
    public XmlText {
        Objects.requireNonNull(text, "text");
    }
}
