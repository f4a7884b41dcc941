package io.starling.core.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class ScramHashTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void hash_matchesTheStandardVectors_callAfterCall() {
        for (int i = 0; i < 3; i++) { // the reused instance is reset by each call
            assertThat(HEX.formatHex(ScramHash.SHA_256.hash(ascii("abc"))))
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assertThat(HEX.formatHex(ScramHash.SHA_1.hash(ascii("abc"))))
                    .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        }
    }

    @Test
    void hmac_matchesRfc4231AndRfc2202_andIsKeyedAnewEachCall() {
        byte[] jefe = ascii("Jefe");
        byte[] data = ascii("what do ya want for nothing?");
        for (int i = 0; i < 3; i++) {
            // RFC 4231 §4.3 and RFC 2202 §3 test case 2, with another key in between
            assertThat(HEX.formatHex(ScramHash.SHA_256.hmac(jefe, data)))
                    .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
            ScramHash.SHA_256.hmac(ascii("another key"), ascii("other data"));
            assertThat(HEX.formatHex(ScramHash.SHA_1.hmac(jefe, data)))
                    .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        }
    }

    @Test
    void manyThreadsAtOnce_eachGetsTheRightAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        byte[] key = ascii("key-" + thread + "-" + i);
                        byte[] data = ascii("data-" + i);
                        Mac fresh = Mac.getInstance("HmacSHA256");
                        fresh.init(new SecretKeySpec(key, "HMAC"));
                        if (!HEX.formatHex(fresh.doFinal(data)).equals(HEX.formatHex(ScramHash.SHA_256.hmac(key, data)))
                                || !HEX.formatHex(ScramHash.SHA_1.digest().digest(data))
                                        .equals(HEX.formatHex(ScramHash.SHA_1.hash(data)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
