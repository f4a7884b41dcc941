package io.starling.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.config.AuthConfig;
import io.starling.core.sasl.LoginTokenSigner;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/**
 * Signed login tokens as the SASL PLAIN password, with stock Smack clients over STARTTLS: a member logs in with a
 * token the web application would issue and chats with a member who used a password; refused tokens fail like a
 * wrong password and leave other sessions alone.
 */
class TokenLoginIT {
    private static final String SECRET = "it-secret-0123456789abcdef-0123456789abcdef";
    private static final LoginTokenSigner TOKENS = new LoginTokenSigner(SECRET, Clock.systemUTC());

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(new AuthConfig(4096, 3, 1000, Duration.ofMinutes(1), 2, 1024, SECRET,
                Duration.ofMinutes(10)));
        server.addUsers("alice", "bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static XMPPTCPConnection plain(TestServer target, String user, String password, String resource)
            throws Exception {
        return SmackClients.connect(target, user, password, resource, "PLAIN");
    }

    /** A token as a web application might write it: {@code sub} the bare JID, no {@code iat}. */
    private static String bareJidToken(String bareJid) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(bareJid)
                .expirationTime(Date.from(Instant.now().plusSeconds(120))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> q.add((Message) s), MessageTypeFilter.NORMAL_OR_CHAT_OR_HEADLINE);
        return q;
    }

    private static void assertChat(XMPPTCPConnection from, XMPPTCPConnection to, BlockingQueue<Message> toInbox,
                                   String body) throws Exception {
        from.sendStanza(MessageBuilder.buildMessage().to(to.getUser()).ofType(Message.Type.chat).setBody(body)
                .build());
        Message received = toInbox.poll(10, TimeUnit.SECONDS);
        assertThat(received).as(body).isNotNull();
        assertThat(received.getBody()).isEqualTo(body);
        assertThat(received.getFrom().toString()).isEqualTo(from.getUser().toString());
    }

    private static void assertNotAuthorized(TestServer target, String user, String password) {
        assertThatThrownBy(() -> plain(target, user, password, "bad"))
                .isInstanceOf(SASLErrorException.class)
                .hasMessageContaining("not-authorized");
    }

    @Test
    void token_logsInAndChatsWithPasswordMember() throws Exception {
        XMPPTCPConnection alice = plain(server, "alice", TOKENS.sign("alice", Duration.ofMinutes(5)), "web");
        XMPPTCPConnection bob = SmackClients.connect(server, "bob", "desk", "SCRAM-SHA-256");
        try {
            assertThat(alice.isAuthenticated()).isTrue();
            assertThat(alice.getUser().toString()).isEqualTo("alice@localhost/web");
            BlockingQueue<Message> aliceIn = inbox(alice);
            BlockingQueue<Message> bobIn = inbox(bob);
            assertChat(alice, bob, bobIn, "hello from the web site");
            assertChat(bob, alice, aliceIn, "hello back");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void bareJidSubject_andPasswordOverPlain_stillLogIn() throws Exception {
        XMPPTCPConnection viaJid = plain(server, "alice", bareJidToken("alice@localhost"), "jid");
        XMPPTCPConnection viaPassword = plain(server, "bob", TestServer.PASSWORD, "pw");
        try {
            assertThat(viaJid.isAuthenticated()).isTrue();
            assertThat(viaPassword.isAuthenticated()).isTrue();
        } finally {
            viaJid.disconnect();
            viaPassword.disconnect();
        }
    }

    @Test
    void expiredOrOtherMembersToken_notAuthorized_otherSessionsKeepWorking() throws Exception {
        XMPPTCPConnection alice = plain(server, "alice", TOKENS.sign("alice", Duration.ofMinutes(5)), "live");
        XMPPTCPConnection bob = SmackClients.connect(server, "bob", "live", "SCRAM-SHA-256");
        try {
            assertNotAuthorized(server, "alice", TOKENS.sign("alice", Duration.ofMinutes(-2)));
            assertNotAuthorized(server, "alice", TOKENS.sign("bob", Duration.ofMinutes(5)));
            assertNotAuthorized(server, "alice", TOKENS.sign("alice", Duration.ofHours(1)));
            assertNotAuthorized(server, "alice", new LoginTokenSigner("another-secret-0123456789abcdef-0123",
                    Clock.systemUTC()).sign("alice", Duration.ofMinutes(5)));

            PingManager.getInstanceFor(alice).pingMyServer();
            BlockingQueue<Message> aliceIn = inbox(alice);
            assertChat(bob, alice, aliceIn, "still here?");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void tokenForUnknownMember_notAuthorized() {
        assertNotAuthorized(server, "nobody", TOKENS.sign("nobody", Duration.ofMinutes(5)));
    }

    @Test
    void tokenLoginOff_tokenIsJustAWrongPassword() throws Exception {
        try (TestServer off = TestServer.start()) {
            off.addUsers("alice");
            assertNotAuthorized(off, "alice", TOKENS.sign("alice", Duration.ofMinutes(5)));
            plain(off, "alice", TestServer.PASSWORD, "pw").disconnect();
        }
    }
}
