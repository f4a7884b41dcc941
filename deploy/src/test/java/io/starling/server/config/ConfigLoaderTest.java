package io.starling.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.starling.core.config.C2sConfig;
import io.starling.core.config.CoreConfig;
import io.starling.gateway.GatewayConfig;
import io.starling.gateway.notify.ApiKeyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noFile_givesDefaults() {
        assertThat(ConfigLoader.load(null, Map.of())).isEqualTo(StarlingConfig.defaults());
    }

    @Test
    void emptyFileAndEmptySection_giveDefaults() throws IOException {
        assertThat(ConfigLoader.load(yaml(""), Map.of())).isEqualTo(StarlingConfig.defaults());
        assertThat(ConfigLoader.load(yaml("c2s:\nauth:\n"), Map.of())).isEqualTo(StarlingConfig.defaults());
    }

    @Test
    void partialFile_overridesOnlyItsKeys() throws IOException {
        CoreConfig core = ConfigLoader.load(yaml("""
                domain: example.org
                c2s:
                  port: 15222
                  idle-timeout: 5m
                database:
                  url: jdbc:postgresql://db:5432/starling
                """), Map.of()).core();

        CoreConfig defaults = CoreConfig.defaults();
        assertThat(core.domain()).isEqualTo("example.org");
        assertThat(core.c2s().port()).isEqualTo(15222);
        assertThat(core.c2s().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(core.c2s().directTlsPort()).isEqualTo(5223);
        assertThat(core.c2s().keepaliveInterval()).isEqualTo(defaults.c2s().keepaliveInterval());
        assertThat(core.database().url()).isEqualTo("jdbc:postgresql://db:5432/starling");
        assertThat(core.database().poolSize()).isEqualTo(8);
        assertThat(core.dataDir()).isEqualTo(Path.of("data"));
        assertThat(core.tls()).isEqualTo(defaults.tls());
        assertThat(core.auth()).isEqualTo(defaults.auth());
    }

    @Test
    void environment_beatsFile() throws IOException {
        Path file = yaml("""
                domain: example.org
                c2s: {port: 15222, tls-required: true}
                database: {url: "jdbc:postgresql://db/a", password: secret}
                """);

        CoreConfig core = ConfigLoader.load(file, Map.of(
                "STARLING_DOMAIN", "example.net",
                "STARLING_C2S_PORT", "25222",
                "STARLING_C2S_TLS_REQUIRED", "false",
                "STARLING_DATABASE_URL", "jdbc:postgresql://db/b",
                "STARLING_DATABASE_PASSWORD", "0123",
                "STARLING_TLS_CERTIFICATE_FILE", "/etc/starling/cert.pem",
                "STARLING_TLS_KEY_FILE", "/etc/starling/key.pem",
                "STARLING_AUTH_FAILURE_WINDOW", "5m",
                "STARLING_DATA_DIR", "/var/lib/starling",
                "PATH", "/usr/bin")).core();

        assertThat(core.domain()).isEqualTo("example.net");
        assertThat(core.c2s().port()).isEqualTo(25222);
        assertThat(core.c2s().tlsRequired()).isFalse();
        assertThat(core.database().url()).isEqualTo("jdbc:postgresql://db/b");
        assertThat(core.database().password()).isEqualTo("0123");
        assertThat(core.tls().certificateFile()).isEqualTo(Path.of("/etc/starling/cert.pem"));
        assertThat(core.tls().keyFile()).isEqualTo(Path.of("/etc/starling/key.pem"));
        assertThat(core.auth().failureWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(core.dataDir()).isEqualTo(Path.of("/var/lib/starling"));
    }

    @Test
    void emptyEnvironmentValue_meansNull() throws IOException {
        Path file = yaml("database: {url: \"jdbc:postgresql://db/a\"}\n");

        assertThat(ConfigLoader.load(file, Map.of("STARLING_DATABASE_URL", "")).core().database().embedded())
                .isTrue();
    }

    @Test
    void unknownEnvironmentVariable_isOnlyReported() {
        assertThat(ConfigLoader.load(null, Map.of("STARLING_HOME", "/opt/starling")))
                .isEqualTo(StarlingConfig.defaults());
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "90s, PT90S", "10m, PT10M", "1h, PT1H", "2d, PT48H", "PT90S, PT90S",
        "pt1m30s, PT90S", "'\"45 s\"', PT45S"})
    void durations_acceptShortAndIsoForms(String written, String expected) throws IOException {
        C2sConfig c2s = ConfigLoader.load(yaml("c2s:\n  keepalive-interval: " + written + "\n"), Map.of())
                .core().c2s();

        assertThat(c2s.keepaliveInterval()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"10 minutes", "90", "-5s", "1.5h"})
    void badDuration_errorNamesKey(String written) throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("c2s:\n  idle-timeout: " + written + "\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("c2s.idle-timeout");
    }

    @Test
    void unknownKey_errorNamesIt() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("c2s:\n  prot: 5222\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'c2s.prot'")
                .hasMessageContaining("port");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("domian: example.org\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'domian'");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("osm: {}\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'osm'");
    }

    @Test
    void invalidPort_errorNamesKeyAndRule() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("c2s:\n  port: 70000\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'c2s'")
                .hasMessageContaining("port must be 0..65535, was 70000");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("STARLING_C2S_PORT", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port must be 0..65535");
    }

    @Test
    void recordValidationMessage_usesFileSpelling() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("c2s: {max-stanza-bytes: 10}\n"), Map.of()))
                .hasMessageContaining("max-stanza-bytes must be 1024..");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("tls: {certificate-file: cert.pem}\n"), Map.of()))
                .hasMessageContaining("in 'tls'")
                .hasMessageContaining("tls.certificate-file and tls.key-file go together");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("domain: ' '\n"), Map.of()))
                .hasMessageContaining("domain must not be blank");
    }

    @Test
    void tokenSecret_fromEnvironment_turnsTokenLoginOn() throws IOException {
        String secret = "0123456789abcdef0123456789abcdef";
        CoreConfig core = ConfigLoader.load(yaml("auth: {token-max-lifetime: 5m}\n"),
                Map.of("STARLING_AUTH_TOKEN_SECRET", secret)).core();

        assertThat(core.auth().tokenSecret()).isEqualTo(secret);
        assertThat(core.auth().tokenMaxLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(core.auth().toString()).doesNotContain(secret);
        assertThat(StarlingConfig.defaults().core().auth().tokenLoginEnabled()).isFalse();
    }

    @Test
    void shortTokenSecret_errorNamesKeyButNotSecret() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("auth: {token-secret: too-short-a-secret}\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.token-secret must be at least 32 bytes")
                .hasMessageNotContaining("too-short-a-secret");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("auth: {token-max-lifetime: 2d}\n"), Map.of()))
                .hasMessageContaining("auth.token-max-lifetime must be at most 1 day");
    }

    @Test
    void wrongType_errorNamesKey() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("c2s:\n  port: many\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'c2s.port'");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("c2s:\n  port: 5222.5\n"), Map.of()))
                .hasMessageContaining("'c2s.port'");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("c2s:\n  port:\n"), Map.of()))
                .hasMessageContaining("'c2s.port'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("STARLING_AUTH_HASH_THREADS", "two")))
                .hasMessageContaining("'auth.hash-threads'");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("c2s: 5222\n"), Map.of()))
                .hasMessageContaining("'c2s' must be a section");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("domain: [a, b]\n"), Map.of()))
                .hasMessageContaining("'domain' must be a single value");
    }

    @Test
    void duplicateKey_isAnError() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("domain: a.org\ndomain: b.org\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("domain");
    }

    @Test
    void missingFile_errorNamesIt() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void apiKeys_namedEntries_takeTheTemplateDefaults() throws IOException {
        String secret = "shop-key-0123456789abcdef";
        GatewayConfig gateway = ConfigLoader.load(yaml("""
                gateway:
                  api-keys:
                    shop: {key: shop-key-0123456789abcdef, from: "notify@localhost, alerts@localhost"}
                    billing: {key: billing-key-0123456789, from: billing@localhost, rate: 5}
                """), Map.of("STARLING_GATEWAY_API_KEYS_BILLING_RATE", "7")).gateway();

        assertThat(gateway.apiKeys()).containsOnlyKeys("shop", "billing");
        assertThat(gateway.apiKeys().get("shop").rate()).isEqualTo(ApiKeyConfig.DEFAULT_RATE);
        assertThat(gateway.apiKeys().get("shop").fromList()).hasSize(2);
        assertThat(gateway.apiKeys().get("billing").rate()).isEqualTo(7);
        assertThat(gateway.toString()).doesNotContain(secret);
    }

    @Test
    void apiKeys_typoShortKeyOrMissingFrom_failNamingTheEntry() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml(
                "gateway: {api-keys: {shop: {key: shop-key-0123456789abcdef, form: a@localhost}}}\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'gateway.api-keys.shop.form'");
        assertThatThrownBy(() -> ConfigLoader.load(yaml(
                "gateway: {api-keys: {shop: {key: short, from: a@localhost}}}\n"), Map.of()))
                .hasMessageContaining("key must be at least 16 characters")
                .hasMessageNotContaining("short,");
        assertThatThrownBy(() -> ConfigLoader.load(yaml(
                "gateway: {api-keys: {shop: {key: shop-key-0123456789abcdef}}}\n"), Map.of()))
                .hasMessageContaining("from must list at least one address");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("gateway: {api-keys: {shop: 5}}\n"), Map.of()))
                .hasMessageContaining("'gateway.api-keys.shop' must be a section");
    }

    @Test
    void components_namedEntries_bindWithTemplateDefaults() throws Exception {
        StarlingConfig config = ConfigLoader.load(yaml("""
                component:
                  port: 5348
                components:
                  notify.localhost:
                    secret: "0123456789abcdef"
                    trusted: true
                  bots.localhost:
                    secret: "fedcba9876543210"
                """), Map.of());

        assertThat(config.core().component().port()).isEqualTo(5348);
        assertThat(config.core().component().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.core().components()).containsOnlyKeys("notify.localhost", "bots.localhost");
        assertThat(config.core().components().get("notify.localhost").trusted()).isTrue();
        assertThat(config.core().components().get("bots.localhost").trusted()).isFalse();
    }

    @Test
    void components_typoInEntry_failsNamingTheKey() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("""
                components:
                  notify.localhost:
                    secert: "0123456789abcdef"
                """), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("components.notify.localhost.secert");
    }

    @Test
    void components_missingOrShortSecret_fails() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("""
                components:
                  notify.localhost:
                    trusted: true
                """), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("""
                components:
                  notify.localhost:
                    secret: short
                """), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("16");
    }

    @Test
    void components_domainNotUnderServedDomain_fails() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("""
                components:
                  notify.example.org:
                    secret: "0123456789abcdef"
                """), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("subdomain");
    }

    @Test
    void exampleFile_loadsAndEqualsDefaults() throws Exception {
        assertThat(ConfigLoader.load(example(), Map.of())).isEqualTo(StarlingConfig.defaults());
    }

    @Test
    void exampleFile_documentsEveryKey() throws Exception {
        JsonNode example = new YAMLMapper().readTree(example().toFile());

        assertThat(leaves(example, "")).isEqualTo(leaves(ConfigLoader.defaultsTree(), ""));
    }

    private Path yaml(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "starling", ".yaml"), content);
    }

    private static Path example() throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/starling.example.yaml").toURI());
    }

    private static Set<String> leaves(JsonNode node, String path) {
        Set<String> leaves = new TreeSet<>();
        node.fieldNames().forEachRemaining(key -> {
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (node.get(key).isObject()) {
                leaves.addAll(leaves(node.get(key), keyPath));
            } else {
                leaves.add(keyPath);
            }
        });
        return leaves;
    }
}
