package io.starling.loadtest.probe;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.SmackException.EndpointConnectionException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.sasl.SASLErrorException;

/** Short, operator-facing reasons for the exceptions a Smack run ends with: no class names where a word will do. */
final class FailureReasons {

    private FailureReasons() {
    }

    /** One phrase for {@code failure}, e.g. {@code connection refused} or {@code authentication failed (not-authorized)}. */
    static String describe(Throwable failure) {
        if (failure instanceof EndpointConnectionException endpoints) {
            for (var remote : endpoints.getConnectionExceptions()) {
                String known = network(remote.getException());
                if (known != null) {
                    return known;
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String known = known(t);
            if (known != null) {
                return known;
            }
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String known(Throwable t) {
        String network = network(t);
        if (network != null) {
            return network;
        }
        if (t instanceof java.util.concurrent.TimeoutException) {
            return t.getMessage();
        }
        if (t instanceof SASLErrorException sasl) {
            return "authentication failed (" + sasl.getSASLFailure().getSASLErrorString() + ")";
        }
        if (t instanceof SmackException.SecurityRequiredByClientException) {
            return "server does not offer STARTTLS (--tls requires it)";
        }
        if (t instanceof CertificateException || t instanceof SmackException.SmackCertificateException
                || t instanceof SSLException && certificateProblem(t)) {
            return "TLS certificate not trusted (--insecure accepts self-signed certificates)";
        }
        if (t instanceof SSLException) {
            return "TLS handshake failed: " + t.getMessage();
        }
        if (t instanceof SmackException.NoResponseException) {
            return "no response from the server in time";
        }
        if (t instanceof XMPPException.StreamErrorException stream) {
            return "stream error " + stream.getStreamError().getCondition();
        }
        if (t instanceof XMPPException.XMPPErrorException error) {
            return "error " + error.getStanzaError().getCondition();
        }
        if (t.getClass().getSimpleName().equals("XmlPullParserException")) {
            return "the server did not answer with an XMPP stream";
        }
        if (t instanceof SmackException.NotConnectedException) {
            return "connection lost";
        }
        return null;
    }

    private static boolean certificateProblem(Throwable ssl) {
        for (Throwable t = ssl.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    private static String network(Throwable t) {
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof SocketTimeoutException) {
            return "connect timed out";
        }
        return null;
    }
}
