package io.starling.presence.roster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionTypeTest {
    @Test
    void wireName_isTheLowerCasePresenceType() {
        assertThat(SubscriptionType.SUBSCRIBE.wireName()).isEqualTo("subscribe");
        assertThat(SubscriptionType.SUBSCRIBED.wireName()).isEqualTo("subscribed");
        assertThat(SubscriptionType.UNSUBSCRIBE.wireName()).isEqualTo("unsubscribe");
        assertThat(SubscriptionType.UNSUBSCRIBED.wireName()).isEqualTo("unsubscribed");
    }

    @ParameterizedTest
    @EnumSource(SubscriptionType.class)
    void of_wireName_returnsTheType(SubscriptionType type) {
        assertThat(SubscriptionType.of(type.wireName())).isSameAs(type);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "unavailable", "probe", "error", "Subscribe", "SUBSCRIBED", " subscribe"})
    void of_otherPresenceType_returnsNull(String presenceType) {
        assertThat(SubscriptionType.of(presenceType)).isNull();
    }
}
