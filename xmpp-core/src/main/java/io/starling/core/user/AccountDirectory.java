package io.starling.core.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.session.UserDirectory;

/** The {@link UserDirectory} of the accounts in {@link UserService}: a bare JID's local part is the username. */
public final class AccountDirectory implements UserDirectory {
    private final UserService users;

    public AccountDirectory(UserService users) {
        this.users = users;
    }

    @Override
    public CompletionStage<Boolean> exists(Jid bareJid) {
        return users.exists(bareJid.local());
    }

    /** One query for all of them ({@link UserRepository#existing}). */
    @Override
    public CompletionStage<Set<Jid>> existing(Collection<Jid> bareJids) {
        List<String> names = new ArrayList<>();
        for (Jid jid : bareJids) {
            if (jid.local() != null) {
                names.add(jid.local());
            }
        }
        return users.existing(names).thenApply(taken -> {
            Set<Jid> found = new HashSet<>();
            for (Jid jid : bareJids) {
                if (jid.local() != null && taken.contains(jid.local())) {
                    found.add(jid);
                }
            }
            return Set.copyOf(found);
        });
    }
}
