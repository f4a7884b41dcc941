package io.starling.core.component;

import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StreamErrorCondition;

/** One authenticated connection of a component, as the registry sees it. Thread-safe. */
public interface ComponentLink {
    /**
     * Writes the stanza to the component; never blocks.
     *
     * @return false, writing nothing, if the connection's output is backed up beyond its bound
     */
    boolean deliver(Stanza stanza);

    /** Ends the stream with a stream error. */
    void close(StreamErrorCondition condition, String text);
}
