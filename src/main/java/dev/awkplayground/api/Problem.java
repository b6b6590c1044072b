package dev.awkplayground.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObjectBuilder;

/**
 * An RFC 9457 problem detail: the body of every 4xx and 5xx response.
 * <p>
 * Problems that are plain HTTP conditions (404, 405, 415, a body over the server's payload limit, 500) use the type
 * {@code about:blank} with the status phrase as title, as RFC 9457 recommends. Problems specific to this service use
 * {@code tag:} URIs, which RFC 9457 suggests for types that are identifiers rather than documents; README lists them.
 *
 * @param status     HTTP status
 * @param type       problem type URI
 * @param title      short, human-readable summary of the type
 * @param detail     what went wrong with this request
 * @param extensions further members, such as {@code field} or {@code line}
 */
public record Problem(Status status, String type, String title, String detail, Map<String, Object> extensions) {
    /** Media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "tag:awk-playground,2026:problem:";

    public Problem {
        // In the order they were added, so the JSON's members come in a stable order (Map.copyOf's is random).
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * A plain HTTP problem: type {@code about:blank}, the status phrase as title.
     */
    public static Problem http(Status status, String detail) {
        return new Problem(status, "about:blank", status.reasonPhrase(), detail, Map.of());
    }

    /** 400: the body is malformed, or a field is missing, unknown or of the wrong type. */
    public static Problem invalidRequest(String detail) {
        return typed("invalid-request", Status.BAD_REQUEST_400, "The request is not valid", detail);
    }

    /** 413: a field is over its size limit. */
    public static Problem tooLarge(String detail) {
        return typed("too-large", Status.REQUEST_ENTITY_TOO_LARGE_413, "A field is over its size limit", detail);
    }

    /** 422: the script does not compile. */
    public static Problem syntaxError(String detail) {
        return typed("syntax-error", Status.UNPROCESSABLE_CONTENT_422, "The AWK script does not compile", detail);
    }

    /** 422: sandboxed mode refuses what the script does. */
    public static Problem sandboxRefusal(String detail) {
        return typed("sandbox-refusal", Status.UNPROCESSABLE_CONTENT_422, "Refused in sandboxed mode", detail);
    }

    /** 503: every run slot stayed busy. */
    public static Problem overloaded(String detail) {
        return typed("overloaded", Status.SERVICE_UNAVAILABLE_503, "All run slots are busy", detail);
    }

    /**
     * A problem of one of this service's own types; the factories above are the types README lists.
     *
     * @param name  the type's short name, for example {@code syntax-error}
     */
    private static Problem typed(String name, Status status, String title, String detail) {
        return new Problem(status, TYPE_PREFIX + name, title, detail, Map.of());
    }

    /**
     * @return the type's short name: {@code too-large} for this service's types, the status phrase in lower case with
     *         dashes ({@code unsupported-media-type}) for {@code about:blank}
     */
    public String typeName() {
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length())
                : title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    /**
     * This problem with one more member; {@code null} values are left out.
     */
    public Problem with(String name, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(status, type, title, detail, more);
    }

    /**
     * The problem as JSON bytes.
     */
    public byte[] toJsonBytes() {
        JsonObjectBuilder json = RunJson.JSON.createObjectBuilder()
                .add("type", type)
                .add("title", title)
                .add("status", status.code())
                .add("detail", detail);
        extensions.forEach((name, value) -> {
            switch (value) {
                case Integer i -> json.add(name, i);
                case Long l -> json.add(name, l);
                default -> json.add(name, value.toString());
            }
        });
        return RunJson.bytes(json.build());
    }

    /**
     * Sends the problem as the response; to a {@code HEAD} request, its headers only.
     */
    public void send(ServerRequest request, ServerResponse response) {
        SecurityHeaders.apply(response.headers());
        response.status(status);
        Requests.send(request, response, MEDIA_TYPE, toJsonBytes());
    }
}
