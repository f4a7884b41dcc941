package io.starling.loadtest.run;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * The traffic of one event loop's members: every millisecond one task emits the due number of chat messages (to
 * random online peers, any loop) or presence changes. Runs until {@link #stop()}.
 */
public final class TrafficDriver {
    /** What each due event is. */
    public enum Kind { CHAT, PRESENCE }

    private static final int PICK_ATTEMPTS = 16;

    private final EventLoop loop;
    private final Member[] local;
    private final Member[] all;
    private final Kind kind;
    private final RateScheduler scheduler;
    private volatile boolean stopped;
    private ScheduledFuture<?> task;

    /** @param local the members on {@code loop}; {@code perSecond} is this loop's share of the rate */
    public TrafficDriver(EventLoop loop, List<Member> local, Member[] all, Kind kind, double perSecond) {
        this.loop = loop;
        this.local = local.toArray(new Member[0]);
        this.all = all;
        this.kind = kind;
        this.scheduler = new RateScheduler(perSecond, System.nanoTime(), Math.max(1, (long) (perSecond / 20)));
    }

    public void start() {
        if (local.length > 0) {
            task = loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.MILLISECONDS);
        }
    }

    public void stop() {
        stopped = true;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        int due = scheduler.due(System.nanoTime());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < due; i++) {
            Member from = pick(local, random, null);
            if (from == null) {
                return;
            }
            if (kind == Kind.PRESENCE) {
                from.changePresence();
            } else {
                Member to = pick(all, random, from);
                if (to != null) {
                    from.sendChat(to);
                }
            }
        }
    }

    private static Member pick(Member[] among, ThreadLocalRandom random, Member not) {
        for (int i = 0; i < PICK_ATTEMPTS; i++) {
            Member m = among[random.nextInt(among.length)];
            if (m != not && m.state == Member.ONLINE) {
                return m;
            }
        }
        return null;
    }
}
