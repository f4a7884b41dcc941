package io.starling.core.session;

import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;

/** Whether a local account exists, asked by routing for members with no session. Never blocks the caller. */
@FunctionalInterface
public interface UserDirectory {
    CompletionStage<Boolean> exists(Jid bareJid);
}
