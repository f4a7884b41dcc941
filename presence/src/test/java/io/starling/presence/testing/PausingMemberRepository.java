package io.starling.presence.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.starling.core.jid.Jid;
import io.starling.presence.member.MemberRepository;

/**
 * The real member repository, except that loading one chosen member waits until the test says go: the
 * stripe that loads it stays busy meanwhile, so that a test can fill that stripe's queue at will. One pause per
 * instance.
 */
public final class PausingMemberRepository implements MemberRepository {
    private final MemberRepository delegate;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);
    private volatile Jid pausedOn;

    public PausingMemberRepository(MemberRepository delegate) {
        this.delegate = delegate;
    }

    /** The next load of {@code member} waits for {@link #resume()}. */
    public void pauseOn(Jid member) {
        pausedOn = member;
    }

    /** Waits until a stripe is inside the paused load. */
    public void awaitPaused() throws InterruptedException {
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no stripe loaded " + pausedOn + " within 10 s");
        }
    }

    public void resume() {
        resume.countDown();
    }

    @Override
    public Loaded load(Jid owner) {
        if (owner.equals(pausedOn)) {
            entered.countDown();
            try {
                if (!resume.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never resumed the load of " + owner);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return delegate.load(owner);
    }

}
