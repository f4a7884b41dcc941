package io.starling.core.c2s;

import io.starling.core.xml.XmlElement;

/**
 * Where a detached session (XEP-0198 §5, its connection gone) "writes": nowhere. Its stanzas wait in the stream
 * management queue and are written on the stream that resumes it.
 */
final class DetachedTransport implements StreamTransport {
    static final StreamTransport INSTANCE = new DetachedTransport();

    private DetachedTransport() {
    }

    @Override
    public void openStream(String streamId, String from, String lang) {
    }

    @Override
    public void send(XmlElement element) {
    }

    @Override
    public void closeStream() {
    }

    @Override
    public void disconnect() {
    }

    @Override
    public void restartStream() {
    }

    @Override
    public boolean tlsActive() {
        return false;
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public void startTls(XmlElement proceed) {
    }

    @Override
    public String remoteAddress() {
        return "detached";
    }
}
