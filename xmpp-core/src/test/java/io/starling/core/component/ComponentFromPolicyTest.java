package io.starling.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;

class ComponentFromPolicyTest {
    private final ComponentFromPolicy untrusted = new ComponentFromPolicy("notify.localhost", "localhost", false);
    private final ComponentFromPolicy trusted = new ComponentFromPolicy("notify.localhost", "localhost", true);

    @Test
    void ownDomainAnyForm_isAllowed() {
        for (ComponentFromPolicy p : new ComponentFromPolicy[] {untrusted, trusted}) {
            assertThat(p.allows(Jid.parse("notify.localhost"))).isTrue();
            assertThat(p.allows(Jid.parse("bot@notify.localhost"))).isTrue();
            assertThat(p.allows(Jid.parse("bot@notify.localhost/r"))).isTrue();
        }
    }

    @Test
    void localMemberAddress_onlyWhenTrusted() {
        assertThat(untrusted.allows(Jid.parse("notify@localhost"))).isFalse();
        assertThat(untrusted.allows(Jid.parse("alice@localhost/phone"))).isFalse();
        assertThat(trusted.allows(Jid.parse("notify@localhost"))).isTrue();
        assertThat(trusted.allows(Jid.parse("alice@localhost/phone"))).isTrue();
    }

    @Test
    void servedDomainItselfOrOtherDomains_neverAllowed() {
        for (ComponentFromPolicy p : new ComponentFromPolicy[] {untrusted, trusted}) {
            assertThat(p.allows(Jid.parse("localhost"))).isFalse();
            assertThat(p.allows(Jid.parse("other.localhost"))).isFalse();
            assertThat(p.allows(Jid.parse("x@notify.localhost.evil"))).isFalse();
            assertThat(p.allows(Jid.parse("eve@example.org"))).isFalse();
            assertThat(p.allows(null)).isFalse();
        }
    }
}
