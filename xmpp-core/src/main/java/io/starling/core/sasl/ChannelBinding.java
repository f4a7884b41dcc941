package io.starling.core.sasl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Channel binding data of the TLS connection, for the SCRAM -PLUS mechanisms (RFC 5802 §6).
 *
 * <p>Only {@code tls-server-end-point} (RFC 5929 §4) is built here: the hash of the server's certificate, which
 * any TLS stack (JDK or OpenSSL/BoringSSL via Netty) can provide, for TLS 1.2 and 1.3 alike. {@code tls-exporter}
 * (RFC 9266) would need the exported keying material of the session, which Netty's {@code SslHandler} does not
 * expose for either engine in 4.1, and {@code tls-unique} is unsafe with TLS 1.3.
 *
 * @param type the channel binding type name ({@code cb-name})
 * @param data the channel binding data ({@code cbind-data})
 */
public record ChannelBinding(String type, byte[] data) {
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";

    private static final Pattern SIG_HASH = Pattern.compile(
            "^(MD5|SHA1|SHA-?(?:224|256|384|512)|SHA3-(?:224|256|384|512))with.*", Pattern.CASE_INSENSITIVE);

    public ChannelBinding {
        Objects.requireNonNull(type, "type");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * {@code tls-server-end-point} for the server certificate {@code certificateDer} (RFC 5929 §4.1): the
     * certificate hashed with its signature algorithm's hash, except that MD5 and SHA-1 are replaced by SHA-256.
     *
     * @return the binding, or null when RFC 5929 leaves it undefined (a signature with no single hash, e.g.
     *         Ed25519) or the certificate cannot be parsed — then do not offer the -PLUS mechanisms
     */
    public static ChannelBinding tlsServerEndPoint(byte[] certificateDer) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer));
            String digest = signatureDigest(cert);
            if (digest == null) {
                return null;
            }
            return new ChannelBinding(TLS_SERVER_END_POINT, MessageDigest.getInstance(digest).digest(certificateDer));
        } catch (GeneralSecurityException | IOException | ClassCastException e) {
            return null;
        }
    }

    private static String signatureDigest(X509Certificate cert) throws GeneralSecurityException, IOException {
        String alg = cert.getSigAlgName();
        if (alg.equalsIgnoreCase("RSASSA-PSS")) {
            AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
            params.init(cert.getSigAlgParams());
            return upgrade(params.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm());
        }
        Matcher m = SIG_HASH.matcher(alg);
        if (!m.matches()) {
            return null;
        }
        String name = m.group(1).toUpperCase(Locale.ROOT);
        if (name.startsWith("SHA") && !name.startsWith("SHA-") && !name.startsWith("SHA3")) {
            name = "SHA-" + name.substring(3); // SHA256 → SHA-256, SHA1 → SHA-1
        }
        return upgrade(name);
    }

    private static String upgrade(String digest) {
        String d = digest.toUpperCase(Locale.ROOT);
        return d.equals("MD5") || d.equals("SHA-1") || d.equals("SHA1") ? "SHA-256" : d;
    }
}
