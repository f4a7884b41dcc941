package io.starling.gateway.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.core.spi.HttpEndpoint;

/**
 * JSON answers of the gateway's HTTP APIs: results, and errors as RFC 9457 problem details
 * ({@code application/problem+json} with {@code type}, {@code title}, {@code status}, {@code detail}).
 */
public final class JsonResponses {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";

    private JsonResponses() {
    }

    /** {@code value} (a record, map or list) as a JSON document. */
    public static HttpEndpoint.Response json(int status, Object value) {
        return new HttpEndpoint.Response(status, Map.of("content-type", JSON), write(value));
    }

    /**
     * A problem document; {@code type} is a short slug turned into {@code urn:starling:problem:<slug>} so clients
     * can switch on it.
     */
    public static HttpEndpoint.Response problem(int status, String type, String title, String detail) {
        return problem(status, type, title, detail, Map.of());
    }

    public static HttpEndpoint.Response problem(int status, String type, String title, String detail,
                                                Map<String, String> headers) {
        return problem(status, type, title, detail, headers, Map.of());
    }

    /**
     * A problem document with extension members (RFC 9457 §3.2), e.g. {@code "unknown": [...]}; they may not
     * replace the standard members.
     */
    public static HttpEndpoint.Response problem(int status, String type, String title, String detail,
                                                Map<String, String> headers, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:starling:problem:" + type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        extensions.forEach(body::putIfAbsent);
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        allHeaders.put("content-type", PROBLEM);
        return new HttpEndpoint.Response(status, allHeaders, write(body));
    }

    private static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + value.getClass(), e);
        }
    }
}
