package io.starling.gateway.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.starling.core.jid.Jid;
import io.starling.core.jid.JidFormatException;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;
import io.starling.gateway.api.JsonResponses;

/**
 * A validated {@code POST /api/v1/notifications} body. {@link #parse} checks everything before anything is sent,
 * so a request is refused whole or accepted whole.
 *
 * @param recipients     members' bare JIDs on this domain, duplicates removed, in the order given
 * @param type           {@code chat}, {@code headline} or {@code normal}
 * @param payload        the extension element, or null
 * @param fingerprint    SHA-256 of the normalised request: a retry with the same idempotency key must match it
 */
record NotificationRequest(List<Jid> recipients, String type, Jid from, String body, String subject, String thread,
                           XmlElement payload, String idempotencyKey, String fingerprint) {
    static final int MAX_RECIPIENTS = 100;
    static final int MAX_TEXT_BYTES = 64 * 1024;
    static final int MAX_PAYLOAD_BYTES = 16 * 1024;
    static final int MAX_IDEMPOTENCY_KEY = 200;
    private static final Set<String> TYPES = Set.of("chat", "headline", "normal");
    private static final Set<String> FIELDS = Set.of("to", "type", "from", "body", "subject", "thread", "payload",
            "idempotency_key");

    /**
     * @throws ApiProblem 400 for malformed or invalid input, 413 for text or payload over the limits, 403 for a
     *                    {@code from} the key may not use
     */
    static NotificationRequest parse(byte[] json, String domain, ApiKey key, XmlElementParser payloads) {
        JsonNode root;
        try {
            root = JsonResponses.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ApiProblem(400, "malformed-json", "the body is not valid JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw bad("the body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw bad("unknown field '" + name + "'; known: " + String.join(", ", FIELDS));
            }
        }
        List<Jid> to = recipients(root.path("to"), domain);
        String type = optionalText(root, "type");
        type = type == null ? "normal" : type;
        if (!TYPES.contains(type)) {
            throw new ApiProblem(400, "bad-type", "type must be chat, headline or normal", type);
        }
        String body = optionalText(root, "body");
        String subject = optionalText(root, "subject");
        String thread = optionalText(root, "thread");
        String payloadText = optionalText(root, "payload");
        String idempotencyKey = optionalText(root, "idempotency_key");
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
            throw bad("idempotency_key is required: a string of 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        if (body == null && payloadText == null) {
            throw bad("body is required unless there is a payload");
        }
        if (utf8(body) + utf8(subject) + utf8(thread) + utf8(payloadText) > MAX_TEXT_BYTES) {
            throw new ApiProblem(413, "too-large", "body, subject, thread and payload exceed " + MAX_TEXT_BYTES
                    + " bytes together", null);
        }
        XmlElement payload = payloadText == null ? null : payload(payloadText, payloads);
        Jid from = from(optionalText(root, "from"), key);
        String fingerprint = fingerprint(to, type, from, body, subject, thread, payload);
        return new NotificationRequest(to, type, from, body, subject, thread, payload, idempotencyKey, fingerprint);
    }

    private static List<Jid> recipients(JsonNode to, String domain) {
        List<JsonNode> items = new ArrayList<>();
        if (to.isTextual()) {
            items.add(to);
        } else if (to.isArray() && !to.isEmpty() && to.size() <= MAX_RECIPIENTS) {
            to.forEach(items::add);
        } else {
            throw bad("to must be a member's name or address, or a list of 1 to " + MAX_RECIPIENTS + " of them");
        }
        Set<Jid> result = new LinkedHashSet<>();
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                throw bad("each recipient must be a string");
            }
            String text = item.asText();
            Jid jid;
            try {
                jid = Jid.parse(text.contains("@") ? text : text + "@" + domain);
            } catch (JidFormatException e) {
                throw new ApiProblem(400, "invalid-jid", "not a valid address", text);
            }
            if (jid.local() == null || !jid.isBare() || !domain.equals(jid.domain())) {
                throw new ApiProblem(400, "invalid-jid", "recipients must be members' bare addresses on " + domain,
                        text);
            }
            result.add(jid);
        }
        return List.copyOf(result);
    }

    private static Jid from(String text, ApiKey key) {
        if (text == null) {
            return key.defaultFrom();
        }
        Jid from;
        try {
            from = Jid.parse(text);
        } catch (JidFormatException e) {
            throw new ApiProblem(400, "invalid-jid", "from is not a valid address", text);
        }
        if (!key.allows(from)) {
            throw new ApiProblem(403, "from-not-allowed", "this API key may not send as that address", text);
        }
        return from;
    }

    private static XmlElement payload(String text, XmlElementParser payloads) {
        if (utf8(text) > MAX_PAYLOAD_BYTES) {
            throw new ApiProblem(413, "payload-too-large", "the payload exceeds " + MAX_PAYLOAD_BYTES + " bytes",
                    null);
        }
        XmlElement element;
        try {
            element = payloads.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "invalid-payload", "payload must be one well-formed XML element",
                    e.getMessage());
        }
        if (Namespaces.CLIENT.equals(element.namespace())) {
            throw new ApiProblem(400, "invalid-payload", "payload must declare its own namespace (xmlns)",
                    element.name());
        }
        return element;
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad(field + " must be a string");
        }
        return node.asText();
    }

    private static String fingerprint(List<Jid> to, String type, Jid from, String body, String subject,
                                      String thread, XmlElement payload) {
        Map<String, Object> normal = new LinkedHashMap<>();
        normal.put("to", to.stream().map(Jid::toString).toList());
        normal.put("type", type);
        normal.put("from", from.toString());
        normal.put("body", body);
        normal.put("subject", subject);
        normal.put("thread", thread);
        normal.put("payload", payload == null ? null : payload.toString());
        try {
            return sha256(JsonResponses.MAPPER.writeValueAsString(normal));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static int utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static ApiProblem bad(String detail) {
        return new ApiProblem(400, "bad-request", "the request is not valid", detail);
    }
}
