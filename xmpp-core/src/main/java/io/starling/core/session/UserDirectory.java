package io.starling.core.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;

/** Whether a local account exists, asked by routing for members with no session. Never blocks the caller. */
@FunctionalInterface
public interface UserDirectory {
    CompletionStage<Boolean> exists(Jid bareJid);

    /**
     * Which of the given bare JIDs are local accounts, for callers that must know about all of them before acting
     * on any. The default asks {@link #exists} once per JID; a directory backed by a database answers in one query.
     */
    default CompletionStage<Set<Jid>> existing(Collection<Jid> bareJids) {
        List<Jid> asked = List.copyOf(bareJids);
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (Jid jid : asked) {
            answers.add(exists(jid).toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Set<Jid> found = new LinkedHashSet<>();
            for (int i = 0; i < asked.size(); i++) {
                if (answers.get(i).join()) {
                    found.add(asked.get(i));
                }
            }
            return Set.copyOf(found);
        });
    }
}
