package dev.awkplayground.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import dev.awkplayground.config.Limits;
import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.RunRequest;
import dev.awkplayground.engine.RunResult;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;

/**
 * The JSON shapes of {@code /api/v1}: a run request in, a run result or the service info out.
 */
final class RunJson {
    /**
     * One provider for the whole service: {@code Json.createReader} and the other static methods of {@code Json} look
     * the provider up with a ServiceLoader scan of the class path on every call, which took most of the time of a
     * small {@code /api/v1/run} request (measured: 2,300 requests/s with the lookups, see BENCHMARKS.md).
     */
    static final JsonProvider JSON = JsonProvider.provider();
    private static final Set<String> REQUEST_FIELDS = Set.of("script", "input", "variables", "fieldSeparator");
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final int MAX_ECHOED_NAME = 64;

    private RunJson() {
    }

    /**
     * Reads a run request strictly, answering 400 with the field at fault: the body must be exactly one JSON object
     * with no duplicate member and nothing after it, and every value must have the type the field takes. The body is
     * read as a stream of events and the first unexpected one ends the reading, so deep nesting, long numbers and long
     * names cost nothing; unknown fields are refused too, so a misspelt field does not go unnoticed.
     */
    static RunRequest request(byte[] body) {
        if (body.length == 0) {
            throw invalid(null, "the body is empty; send a JSON object with at least \"script\"");
        }
        // As UTF-8 (RFC 8259), so that the parser need not guess the encoding of a body of a byte or two.
        try (JsonParser parser = JSON.createParser(new InputStreamReader(new ByteArrayInputStream(body),
                StandardCharsets.UTF_8))) {
            if (!parser.hasNext()) {
                throw invalid(null, "the body is empty; send a JSON object with at least \"script\"");
            }
            Event first = parser.next();
            if (first != Event.START_OBJECT) {
                throw invalid(null, "the body must be a JSON object, not " + describe(first));
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
                String name = parser.getString();
                if (!REQUEST_FIELDS.contains(name)) {
                    throw invalid(name(name), "unknown field '" + name(name) + "'; the fields are script, input, "
                            + "variables and fieldSeparator");
                }
                if (fields.containsKey(name)) {
                    throw invalid(name, "the field '" + name + "' is given twice");
                }
                fields.put(name, name.equals("variables") ? variables(parser) : string(parser, name));
            }
            if (parser.hasNext()) {
                throw invalid(null, "the body must hold one JSON object and nothing after it");
            }
            Object script = fields.get("script");
            if (script == null) {
                throw invalid("script", "script is required: the AWK program to run");
            }
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) fields.getOrDefault("variables", Map.of());
            return new RunRequest((String) script, (String) fields.get("input"), variables,
                    (String) fields.get("fieldSeparator"));
        } catch (JsonException | NoSuchElementException | IllegalStateException e) {
            throw invalid(null, "the body is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * A JSON object as UTF-8 bytes, written here rather than by Helidon's media support, whose writer depends on the
     * request's {@code Accept} header: what is acceptable was decided before the request was handled.
     */
    static byte[] bytes(JsonObject json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonWriter writer = JSON.createWriter(bytes)) {
            writer.writeObject(json);
        }
        return bytes.toByteArray();
    }

    static JsonObject result(RunResult result, Mode mode) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("output", result.output())
                .add("stderr", result.stderr())
                .add("exitCode", result.exitCode())
                .add("outcome", result.outcome().id());
        if (result.error() == null) {
            json.addNull("error");
        } else {
            json.add("error", result.error());
        }
        if (result.errorLine() == null) {
            json.addNull("errorLine");
        } else {
            json.add("errorLine", result.errorLine());
        }
        return json.add("durationMillis", result.durationMillis())
                .add("mode", mode.id())
                .build();
    }

    static JsonObject info(Mode mode, Limits limits, String engine) {
        return JSON.createObjectBuilder()
                .add("mode", mode.id())
                .add("engine", engine)
                .add("limits", JSON.createObjectBuilder()
                        .add("scriptBytes", limits.scriptBytes())
                        .add("inputBytes", limits.inputBytes())
                        .add("outputBytes", limits.outputBytes())
                        .add("memoryBytes", limits.memoryBytes())
                        .add("timeMillis", limits.time().toMillis())
                        .add("concurrentRuns", limits.concurrentRuns()))
                .build();
    }

    /** A string field; JSON null means the field is left out. */
    private static String string(JsonParser parser, String name) {
        Event event = parser.next();
        return switch (event) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NULL -> null;
            default -> throw invalid(name, name + " must be a string, not " + describe(event));
        };
    }

    /** Variable values may be strings or numbers; a number keeps the text it was written with. */
    private static Map<String, String> variables(JsonParser parser) {
        Event event = parser.next();
        if (event == Event.VALUE_NULL) {
            return Map.of();
        }
        if (event != Event.START_OBJECT) {
            throw invalid("variables", "variables must be an object of name to value, not " + describe(event));
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (Event member = parser.next(); member != Event.END_OBJECT; member = parser.next()) {
            String name = parser.getString();
            Event value = parser.next();
            String text = switch (value) {
                case VALUE_STRING -> parser.getString();
                case VALUE_NUMBER -> number(parser.getString(), name);
                default -> throw invalid("variables",
                        "variable '" + name(name) + "' must be a string or a number, not " + describe(value));
            };
            if (variables.putIfAbsent(name, text) != null) {
                throw invalid("variables", "variable '" + name(name) + "' is given twice");
            }
        }
        return variables;
    }

    private static String number(String text, String name) {
        if (text.length() > MAX_NUMBER_LENGTH) {
            throw invalid("variables", "variable '" + name(name) + "' is a number of " + text.length()
                    + " characters; numbers may have at most " + MAX_NUMBER_LENGTH + " (send longer ones as strings)");
        }
        return text;
    }

    /** A name from the request as it may appear in an answer: a long one is cut. */
    private static String name(String name) {
        return name.length() <= MAX_ECHOED_NAME ? name : name.substring(0, MAX_ECHOED_NAME) + "...";
    }

    private static String describe(Event event) {
        return switch (event) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "malformed JSON";
        };
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.invalidRequest(detail).with("field", field));
    }
}
