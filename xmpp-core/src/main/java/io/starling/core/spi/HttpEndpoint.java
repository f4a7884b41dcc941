package io.starling.core.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** An HTTP endpoint a module contributes; the gateway serves it. No Netty types cross this line. */
public interface HttpEndpoint {
    /** Which listener serves it. */
    enum Listener { PUBLIC, INTERNAL }

    String method();

    String path();

    Listener listener();

    CompletionStage<Response> handle(Request request);

    /** A fully read request. Header names are lower-case. */
    record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                   byte[] body, String remoteAddress) {
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
    }
}
