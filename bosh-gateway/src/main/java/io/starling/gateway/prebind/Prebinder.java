package io.starling.gateway.prebind;

import java.util.concurrent.CompletionStage;

/** Creates authenticated, bound BOSH sessions for members the web site vouches for. */
@FunctionalInterface
public interface Prebinder {
    /**
     * @param username       the member, normalised
     * @param resource       the resource to bind, or null for a generated one
     * @param remoteAddress  the caller's address, for logs
     * @return the session; fails with {@link PrebindException} when it cannot be created
     */
    CompletionStage<Prebound> prebind(String username, String resource, String remoteAddress);
}
