package io.starling.core.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.starling.core.testing.ScramTestClient;
import io.starling.core.user.ScramHash;

class StreamNegotiationTest {
    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    private static final Pattern CHALLENGE = Pattern.compile("<challenge[^>]*>([^<]*)</challenge>");
    private static final Pattern SUCCESS = Pattern.compile("<success[^>]*>([^<]*)</success>");

    private final C2sFixture fixture = new C2sFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    private static byte[] payload(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        assertThat(m.find()).as("%s in %s", pattern, output).isTrue();
        return Base64.getDecoder().decode(m.group(1));
    }

    /** SCRAM steps the mechanism completes at once are written during the read, not by a task queued behind it. */
    @Test
    void scramStepsCompletedOnTheLoop_areAnsweredWithinTheRead_thenTheStreamRestarts() throws Exception {
        TestConnection c = fixture.connect().send(TestConnection.HEADER).awaitOutput("</stream:features>");
        c.take();
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "alice", C2sFixture.PASSWORD);

        String first = c.sendAndPeek("<auth xmlns='" + SASL + "' mechanism='SCRAM-SHA-256'>"
                + b64(client.clientFirst()) + "</auth>");
        byte[] clientFinal = client.clientFinal(payload(CHALLENGE, first));
        String last = c.sendAndPeek("<response xmlns='" + SASL + "'>" + b64(clientFinal) + "</response>");

        assertThat(client.verifyServerFinal(payload(SUCCESS, last))).isTrue();
        c.send(TestConnection.HEADER).awaitOutput("urn:ietf:params:xml:ns:xmpp-bind");
    }

    @Test
    void aWrongProofCompletedOnTheLoop_failsWithinTheRead() throws Exception {
        TestConnection c = fixture.connect().send(TestConnection.HEADER).awaitOutput("</stream:features>");
        c.take();
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "alice", "not the password");

        String first = c.sendAndPeek("<auth xmlns='" + SASL + "' mechanism='SCRAM-SHA-256'>"
                + b64(client.clientFirst()) + "</auth>");
        String last = c.sendAndPeek("<response xmlns='" + SASL + "'>"
                + b64(client.clientFinal(payload(CHALLENGE, first))) + "</response>");

        assertThat(last).contains("<failure").contains("<not-authorized/>");
        String plain = b64(("\0alice\0" + C2sFixture.PASSWORD).getBytes(StandardCharsets.UTF_8));
        c.send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + plain + "</auth>").awaitOutput("<success");
    }
}
