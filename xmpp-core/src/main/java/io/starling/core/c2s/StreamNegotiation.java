package io.starling.core.c2s;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.sasl.ChannelBinding;
import io.starling.core.sasl.SaslEncoding;
import io.starling.core.sasl.SaslFailure;
import io.starling.core.sasl.SaslMechanism;
import io.starling.core.sasl.SaslMechanisms;
import io.starling.core.sasl.SaslStep;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;

/**
 * A client stream up to authentication (RFC 6120 §4.3, §5, §6): checks each stream header and offers the features
 * of the step reached, runs STARTTLS, and SASL (§6.4): starts exchanges from {@code <auth/>}, feeds
 * {@code <response/>}s to the mechanism (a pure state machine from the sasl package that may complete off the
 * loop), encodes challenges, success and failure, and counts failures per stream. The session drops it once bound;
 * confined to the session's executor.
 */
final class StreamNegotiation {
    private static final Logger LOG = LoggerFactory.getLogger(StreamNegotiation.class);

    private final C2sSession session;
    private final C2sContext context;
    private SaslMechanism mechanism;
    private boolean busy;
    private int failures;

    StreamNegotiation(C2sSession session, C2sContext context) {
        this.session = session;
        this.context = context;
    }

    /** A stream header, at the start or after a restart (TLS, SASL): the header goes out with its features. */
    void streamOpened(InboundStreamHeader header) {
        try {
            new StreamHeaderValidator(context.domain()).validate(header);
        } catch (StreamErrorException e) {
            session.fail(e.condition(), e.getMessage());
            return;
        }
        session.sendHeader(header.lang());
        StreamTransport transport = session.stream();
        if (session.username() == null) {
            boolean offerTls = transport.canStartTls();
            boolean saslAllowed = transport.tlsActive() || !context.config().tlsRequired();
            ChannelBinding binding = binding();
            transport.send(StreamFeatures.beforeAuth(offerTls, context.config().tlsRequired() && offerTls,
                    saslAllowed ? SaslMechanisms.available(transport.tlsActive(), binding) : List.of(),
                    saslAllowed ? binding : null));
            session.state(C2sState.NEGOTIATING);
        } else {
            transport.send(StreamFeatures.afterAuth(context.streamFeatures()));
            session.state(C2sState.BINDING);
        }
    }

    /** An element after the features, before authentication: STARTTLS or SASL. */
    void negotiate(XmlElement element) {
        StreamTransport transport = session.stream();
        if (element.is(Namespaces.TLS, "starttls")) {
            if (!transport.canStartTls()) {
                // RFC 6120 §5.4.2.2: failure, then close.
                transport.send(XmlElement.builder(Namespaces.TLS, "failure").build());
                session.fail(null, null);
                return;
            }
            session.state(C2sState.AWAITING_STREAM);
            transport.startTls(XmlElement.builder(Namespaces.TLS, "proceed").build());
        } else if (element.is(Namespaces.SASL, "auth")) {
            start(element);
        } else {
            session.refuseBeforeBind(element);
        }
    }

    /** Channel binding only exists under TLS that ends here. */
    private ChannelBinding binding() {
        StreamTransport transport = session.stream();
        return transport.tlsActive() && transport.channelBindingPossible() ? context.channelBinding() : null;
    }

    /** {@code <auth/>} while negotiating. */
    private void start(XmlElement auth) {
        StreamTransport transport = session.stream();
        String address = transport.remoteAddress();
        if (!transport.tlsActive() && context.config().tlsRequired()) {
            session.send(failure(SaslFailure.ENCRYPTION_REQUIRED, "STARTTLS first"));
            return;
        }
        if (!context.throttle().allowed(address)) {
            session.send(failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "too many failed attempts"));
            return;
        }
        String name = auth.attribute("mechanism");
        ChannelBinding binding = binding();
        mechanism = name == null ? null
                : context.mechanisms().create(name, transport.tlsActive(), binding, context.domain());
        if (mechanism == null) {
            session.send(failure(SaslFailure.INVALID_MECHANISM, null));
            return;
        }
        session.state(C2sState.SASL);
        evaluate(auth.text(), true);
    }

    /** An element while an exchange runs. */
    void saslElement(XmlElement element) {
        if (busy) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "wait for the server's answer");
        }
        if (element.is(Namespaces.SASL, "response")) {
            evaluate(element.text(), false);
        } else if (element.is(Namespaces.SASL, "abort")) {
            mechanism = null;
            session.state(C2sState.NEGOTIATING);
            session.send(failure(SaslFailure.ABORTED, null));
        } else {
            session.refuseBeforeBind(element);
        }
    }

    private void evaluate(String text, boolean initial) {
        byte[] data;
        try {
            data = decode(text, initial);
        } catch (SaslEncoding.IncorrectEncodingException e) {
            failed(SaslFailure.INCORRECT_ENCODING, "bad base64");
            return;
        }
        busy = true;
        CompletableFuture<SaslStep> step = mechanism.evaluate(data).toCompletableFuture();
        if (step.isDone()) {
            onDone(step); // computed here, on the session's executor (the callers run there): no second task
        } else {
            step.whenComplete((s, failure) -> session.executor().execute(() -> onStep(s, failure)));
        }
    }

    /** A step that completed inside {@code evaluate}: handled at once. */
    private void onDone(CompletableFuture<SaslStep> done) {
        SaslStep step;
        try {
            step = done.join();
        } catch (CompletionException | CancellationException e) {
            onStep(null, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            return;
        }
        onStep(step, null);
    }

    private void onStep(SaslStep step, Throwable failure) {
        if (session.state() != C2sState.SASL) {
            return; // closed meanwhile
        }
        busy = false;
        if (failure != null) {
            LOG.error("SASL mechanism failed for {}", session.describe(), failure);
            failed(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
        } else if (step instanceof SaslStep.Challenge c) {
            session.send(challenge(c.data()));
        } else if (step instanceof SaslStep.Success s) {
            mechanism = null;
            context.throttle().succeeded(session.stream().remoteAddress());
            session.send(success(s.additionalData()));
            session.authenticated(s.username()); // RFC 6120 §6.4.6: a new stream follows
        } else if (step instanceof SaslStep.Failure f) {
            failed(f.condition(), f.text());
        }
    }

    private void failed(SaslFailure condition, String text) {
        mechanism = null;
        busy = false;
        session.state(C2sState.NEGOTIATING);
        context.throttle().failed(session.stream().remoteAddress());
        session.send(failure(condition, text));
        if (++failures >= context.auth().maxFailuresPerStream()) {
            // RFC 6120 §6.4.5: a configurable number of retries, then the stream ends.
            session.fail(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentication attempts");
        }
    }

    // ---- wire ----------------------------------------------------------------------------------------------------

    /**
     * Decodes the character data of {@code <auth/>} or {@code <response/>} (RFC 6120 §6.4.2): for auth, no text
     * means "no initial response" (null); for a response it is empty data. "=" is empty data.
     *
     * @throws SaslEncoding.IncorrectEncodingException on bad base64 (incorrect-encoding)
     */
    static byte[] decode(String text, boolean initial) {
        byte[] data = SaslEncoding.decode(text.strip());
        return data == null && !initial ? new byte[0] : data;
    }

    static XmlElement challenge(byte[] data) {
        return XmlElement.builder(Namespaces.SASL, "challenge").text(encode(data)).build();
    }

    static XmlElement success(byte[] additionalData) {
        return XmlElement.builder(Namespaces.SASL, "success").text(encode(additionalData)).build();
    }

    static XmlElement failure(SaslFailure condition, String text) {
        XmlElement.Builder b = XmlElement.builder(Namespaces.SASL, "failure").child(Namespaces.SASL, condition.wireName());
        if (text != null && !text.isEmpty()) {
            b.textChild("text", text);
        }
        return b.build();
    }

    private static String encode(byte[] data) {
        return data == null || data.length == 0 ? "" : SaslEncoding.encode(data);
    }
}
