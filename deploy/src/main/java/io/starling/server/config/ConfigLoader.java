package io.starling.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.starling.core.config.CoreConfig;
import io.starling.gateway.GatewayConfig;
import io.starling.gateway.notify.ApiKeyConfig;
import io.starling.offline.OfflineConfig;
import io.starling.presence.PresenceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link StarlingConfig} from an optional YAML file and the environment.
 *
 * <ol>
 *   <li>The defaults ({@code CoreConfig.defaults()}) are written to a tree with kebab-case keys: that tree is the
 *       schema. A key absent from it is a typo and fails, naming the key.</li>
 *   <li>The YAML file is merged over it, key by key; an empty section ({@code c2s:}) keeps its defaults.</li>
 *   <li>Each leaf of the tree can be overridden by {@code STARLING_<PATH>}, the dotted path upper-cased with dots
 *       and dashes turned into underscores: {@code c2s.port} → {@code STARLING_C2S_PORT}, {@code domain} →
 *       {@code STARLING_DOMAIN}. Values are text, converted like YAML scalars; an empty value means null.
 *       Unknown {@code STARLING_*} variables are reported at WARN (launch scripts may define their own).</li>
 *   <li>The tree is bound to the records, whose constructors validate; failures name the key.</li>
 * </ol>
 * Durations are written {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d} or ISO-8601
 * ({@code PT90S}). Values are never logged.
 */
public final class ConfigLoader {
    static final String ENV_PREFIX = "STARLING_";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final Pattern CAMEL_CASE = Pattern.compile("\\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\\b");
    private static final ObjectMapper MAPPER = newMapper();
    /** Modules' sections; the core's keys sit at the top level. */
    private static final String PRESENCE = "presence";
    private static final String OFFLINE = "offline";
    private static final String GATEWAY = "gateway";
    /**
     * Sections whose keys the operator names (component domains, API key names), by dotted path: each entry is
     * merged over the template, so a typo inside an entry still fails, naming the key. Module records bind them as
     * {@code Map<String, Entry>}. Add a module's named section here with its template (each key with its default).
     */
    private static final Map<String, ObjectNode> NAMED_SECTIONS = Map.of(
            "gateway.api-keys", MAPPER.createObjectNode().putNull("key").putNull("from")
                    .put("rate", ApiKeyConfig.DEFAULT_RATE),
            "components", MAPPER.createObjectNode().putNull("secret").put("trusted", false));

    private ConfigLoader() {
    }

    /**
     * @param fileOrNull the YAML file, or null for defaults and environment only
     * @param env        the environment, {@code System.getenv()} in production
     * @throws ConfigException naming the file or key at fault
     */
    public static StarlingConfig load(Path fileOrNull, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        ObjectNode tree = defaultsTree();
        if (fileOrNull != null) {
            merge(tree, readYaml(fileOrNull), "");
        }
        applyEnvironment(tree, env);
        return bind(tree);
    }

    /**
     * A duration written as in the file ({@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d} or
     * ISO-8601), for command-line options.
     *
     * @throws IllegalArgumentException if {@code text} is none of those
     */
    public static Duration duration(String text) {
        try {
            return ConfigDurationDeserializer.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "'; use 500ms, 90s, 10m, 1h, 2d or PT90S");
        }
    }

    /** The defaults as the file would spell them: the schema of the file. */
    static ObjectNode defaultsTree() {
        ObjectNode tree = MAPPER.valueToTree(CoreConfig.defaults());
        tree.set(PRESENCE, MAPPER.valueToTree(PresenceConfig.defaults()));
        tree.set(OFFLINE, MAPPER.valueToTree(OfflineConfig.defaults()));
        tree.set(GATEWAY, MAPPER.valueToTree(GatewayConfig.defaults()));
        return tree;
    }

    private static JsonNode readYaml(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            JsonNode root = MAPPER.readTree(reader);
            if (root == null || root.isMissingNode() || root.isNull()) {
                return MAPPER.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ConfigException(file + ": the top level must be a mapping of keys to values");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file not found: " + file, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode target, JsonNode source, String path) {
        for (Map.Entry<String, JsonNode> entry : source.properties()) {
            String key = entry.getKey();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            JsonNode current = target.get(key);
            JsonNode value = entry.getValue();
            if (current == null) {
                throw new ConfigException("unknown configuration key '" + keyPath + "'; known keys"
                        + (path.isEmpty() ? "" : " in '" + path + "'") + ": " + keysOf(target));
            }
            if (current.isObject()) {
                if (value.isNull()) {
                    continue;
                }
                if (!value.isObject()) {
                    throw new ConfigException("'" + keyPath + "' must be a section with keys " + keysOf(current));
                }
                if (NAMED_SECTIONS.containsKey(keyPath)) {
                    mergeNamed((ObjectNode) current, value, keyPath, NAMED_SECTIONS.get(keyPath));
                    continue;
                }
                merge((ObjectNode) current, value, keyPath);
            } else if (value.isContainerNode()) {
                throw new ConfigException("'" + keyPath + "' must be a single value, not a list or section");
            } else {
                target.set(key, value);
            }
        }
    }

    /** A named section: every entry is the template with the file's values merged over it. */
    private static void mergeNamed(ObjectNode target, JsonNode source, String path, ObjectNode template) {
        for (Map.Entry<String, JsonNode> entry : source.properties()) {
            String entryPath = path + "." + entry.getKey();
            if (!entry.getValue().isObject()) {
                throw new ConfigException("'" + entryPath + "' must be a section with keys " + keysOf(template));
            }
            ObjectNode merged = template.deepCopy();
            merge(merged, entry.getValue(), entryPath);
            target.set(entry.getKey(), merged);
        }
    }

    private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
        Set<String> used = new HashSet<>();
        forEachLeaf(tree, "", (parent, key, path) -> {
            String name = ENV_PREFIX + path.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
            String value = env.get(name);
            if (value != null) {
                parent.set(key, value.isEmpty() ? NullNode.instance : parent.textNode(value));
                used.add(name);
            }
        });
        env.keySet().stream()
                .filter(name -> name.startsWith(ENV_PREFIX) && !used.contains(name))
                .sorted()
                .forEach(name -> LOG.warn("Environment variable {} matches no configuration key; ignored", name));
    }

    private interface LeafVisitor {
        void visit(ObjectNode parent, String key, String path);
    }

    private static void forEachLeaf(ObjectNode node, String path, LeafVisitor visitor) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (node.get(key).isObject()) {
                forEachLeaf((ObjectNode) node.get(key), keyPath, visitor);
            } else {
                visitor.visit(node, key, keyPath);
            }
        }
    }

    private static StarlingConfig bind(ObjectNode tree) {
        try {
            ObjectNode core = tree.deepCopy();
            JsonNode presence = core.remove(PRESENCE);
            JsonNode offline = core.remove(OFFLINE);
            JsonNode gateway = core.remove(GATEWAY);
            return new StarlingConfig(MAPPER.treeToValue(core, CoreConfig.class),
                    MAPPER.treeToValue(presence, PresenceConfig.class),
                    MAPPER.treeToValue(offline, OfflineConfig.class),
                    MAPPER.treeToValue(gateway, GatewayConfig.class));
        } catch (ValueInstantiationException e) {
            // A record's constructor refused the values: report its message with the section it came from.
            String section = pathOf(e);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException("invalid configuration" + (section.isEmpty() ? "" : " in '" + section + "'")
                    + ": " + kebab(String.valueOf(cause.getMessage())), e);
        } catch (JsonMappingException e) {
            throw new ConfigException("invalid value for '" + pathOf(e) + "': " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static String keysOf(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return String.join(", ", keys);
    }

    /** {@code maxStanzaBytes must be…} → {@code max-stanza-bytes must be…}, the spelling of the file. */
    static String kebab(String message) {
        Matcher matcher = CAMEL_CASE.matcher(message);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String kebab = matcher.group().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            matcher.appendReplacement(result, Matcher.quoteReplacement(kebab));
        }
        return matcher.appendTail(result).toString();
    }

    private static ObjectMapper newMapper() {
        SimpleModule types = new SimpleModule("starling-config-types")
                .addSerializer(Path.class, ToStringSerializer.instance)
                .addDeserializer(Path.class, new PathDeserializer())
                .addSerializer(Duration.class, ToStringSerializer.instance)
                .addDeserializer(Duration.class, new ConfigDurationDeserializer());
        return YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(types)
                .build();
    }

    /** A path as written, relative paths staying relative (Jackson's own reads URIs). */
    private static final class PathDeserializer extends StdScalarDeserializer<Path> {
        private static final long serialVersionUID = 1L;

        PathDeserializer() {
            super(Path.class);
        }

        @Override
        public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null) {
                return (Path) context.handleUnexpectedToken(Path.class, parser);
            }
            try {
                return Path.of(text);
            } catch (IllegalArgumentException e) {
                return (Path) context.handleWeirdStringValue(Path.class, text, "not a file path");
            }
        }
    }
}
