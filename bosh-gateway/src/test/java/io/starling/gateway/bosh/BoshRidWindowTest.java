package io.starling.gateway.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoshRidWindowTest {
    @Test
    void nextEarlyPastOutside_byTheWindowOfRequests() {
        RidWindow<String> w = new RidWindow<>(100, 2);
        w.advance(); // creation, rid 100
        assertThat(w.place(101)).isEqualTo(RidWindow.Place.NEXT);
        assertThat(w.place(102)).isEqualTo(RidWindow.Place.EARLY);
        assertThat(w.place(103)).isEqualTo(RidWindow.Place.OUTSIDE);
        assertThat(w.place(100)).isEqualTo(RidWindow.Place.PAST);
        assertThat(w.place(1)).isEqualTo(RidWindow.Place.PAST);
    }

    @Test
    void earlyRequests_comeOutInRidOrder_onceTheirTurnComes() {
        RidWindow<String> w = new RidWindow<>(1, 3);
        w.advance();
        assertThat(w.defer(3, "three")).isNull();
        assertThat(w.defer(4, "four")).isNull();
        assertThat(w.deferred()).isEqualTo(2);
        assertThat(w.takeNext()).isNull(); // 2 has not come
        w.advance(); // 2 processed
        assertThat(w.takeNext()).isEqualTo("three");
        w.advance();
        assertThat(w.takeNext()).isEqualTo("four");
        w.advance();
        assertThat(w.takeNext()).isNull();
        assertThat(w.deferred()).isZero();
        assertThat(w.next()).isEqualTo(5);
    }

    @Test
    void earlyRetransmission_replacesTheWaitingRequest() {
        RidWindow<String> w = new RidWindow<>(10, 2);
        w.advance();
        w.defer(12, "first");
        assertThat(w.defer(12, "again")).isEqualTo("first");
        assertThat(w.drain()).containsExactly("again");
        assertThat(w.deferred()).isZero();
    }

    @Test
    void lastResponses_areKept_olderOnesForgotten() {
        RidWindow<String> w = new RidWindow<>(1, 2);
        for (long rid = 1; rid <= 4; rid++) {
            w.advance();
            w.answered(rid, "r" + rid);
        }
        assertThat(w.cached(4)).isEqualTo("r4");
        assertThat(w.cached(3)).isEqualTo("r3");
        assertThat(w.cached(2)).isNull();
        assertThat(w.cached(1)).isNull();
    }

    @Test
    void pollingSession_hasAWindowOfOne() {
        RidWindow<String> w = new RidWindow<>(7, 1);
        w.advance();
        assertThat(w.place(8)).isEqualTo(RidWindow.Place.NEXT);
        assertThat(w.place(9)).isEqualTo(RidWindow.Place.OUTSIDE);
        assertThatThrownBy(() -> new RidWindow<String>(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
