package io.starling.core.iq;

import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.Stanza;

/**
 * Answers IQ get/set requests whose payload has one qualified name. Stateless; called on the sender's executor,
 * so anything slow runs on the handler's own executor and completes the stage from there.
 * <p>
 * The returned stage completes with the response (a result, or an error made with {@link Stanza#errorReply});
 * completing exceptionally with a {@link io.starling.core.stanza.StanzaErrorException} answers with that
 * condition, with anything else {@code internal-server-error}.
 */
public interface IqHandler {
    CompletionStage<Stanza> handle(Stanza iq);
}
