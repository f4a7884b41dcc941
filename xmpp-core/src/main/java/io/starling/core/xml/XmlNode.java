package io.starling.core.xml;

/** A node of an immutable XML tree: an element or a run of character data. */
public sealed interface XmlNode permits XmlElement, XmlText {
}
