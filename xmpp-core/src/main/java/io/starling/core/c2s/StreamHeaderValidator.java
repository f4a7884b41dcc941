package io.starling.core.c2s;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;

/** Checks a client stream header against RFC 6120 §4.7–§4.9 and picks the stream error for what is wrong. */
final class StreamHeaderValidator {
    private final String domain;

    StreamHeaderValidator(String domain) {
        this.domain = domain;
    }

    /** @throws StreamErrorException with the condition the RFC names */
    void validate(InboundStreamHeader header) {
        if (!"stream".equals(header.localName()) || !Namespaces.STREAMS.equals(header.namespace())) {
            // §4.9.3.10: the stream namespace is something other than http://etherx.jabber.org/streams.
            throw new StreamErrorException(StreamErrorCondition.INVALID_NAMESPACE, "expected a stream in "
                    + Namespaces.STREAMS);
        }
        if (!header.prefixValid()) {
            throw new StreamErrorException(StreamErrorCondition.BAD_NAMESPACE_PREFIX, "use the prefix 'stream'");
        }
        if (!Namespaces.CLIENT.equals(header.defaultNamespace())) {
            // §4.9.3.10: the content namespace is not supported on this port.
            throw new StreamErrorException(StreamErrorCondition.INVALID_NAMESPACE, "the content namespace must be "
                    + Namespaces.CLIENT);
        }
        checkVersion(header.version());
        checkTo(header.to());
    }

    /** §4.7.5: version "1.0"; a missing version means pre-1.0, which this server does not speak. */
    private static void checkVersion(String version) {
        if (version == null) {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_VERSION, "version 1.0 is required");
        }
        int dot = version.indexOf('.');
        int major;
        try {
            major = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            if (dot >= 0) {
                Integer.parseInt(version.substring(dot + 1));
            }
        } catch (NumberFormatException e) {
            throw new StreamErrorException(StreamErrorCondition.BAD_FORMAT, "malformed version");
        }
        if (dot < 0 || major != 1) {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_VERSION, "version 1.0 is required");
        }
    }

    /** §4.7.2 and §4.9.3.6: 'to' must name this server; a malformed one is improper addressing. */
    private void checkTo(String to) {
        if (to == null) {
            throw new StreamErrorException(StreamErrorCondition.HOST_UNKNOWN, "the stream header needs a 'to'");
        }
        Jid jid = Jid.parseOrNull(to);
        if (jid == null || !jid.isDomain()) {
            throw new StreamErrorException(StreamErrorCondition.IMPROPER_ADDRESSING, "'to' must be a domain");
        }
        if (!jid.domain().equals(domain)) {
            throw new StreamErrorException(StreamErrorCondition.HOST_UNKNOWN, "this server does not serve "
                    + jid.domain());
        }
    }
}
