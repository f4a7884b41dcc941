package io.starling.loadtest.session;

import java.net.ConnectException;

import javax.net.ssl.SSLException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;

/** Names a transport failure for the report's errors-by-kind table. */
public final class ErrorKinds {
    private ErrorKinds() {
    }

    /** {@code connect-timeout}, {@code connect-refused}, {@code tls}, {@code xml}, or {@code io:<Exception>}. */
    public static String of(Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof ConnectTimeoutException) {
            return "connect-timeout";
        }
        if (t instanceof ConnectException) {
            String msg = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return msg.contains("refused") ? "connect-refused" : "connect-failed";
        }
        if (t instanceof SSLException) {
            return "tls";
        }
        if (t.getClass().getSimpleName().equals("StreamErrorException")) {
            return "xml";
        }
        return "io:" + t.getClass().getSimpleName();
    }
}
