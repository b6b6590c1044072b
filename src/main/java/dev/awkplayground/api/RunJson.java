package dev.awkplayground.api;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.awkplayground.config.Limits;
import dev.awkplayground.config.Mode;
import dev.awkplayground.engine.RunRequest;
import dev.awkplayground.engine.RunResult;
import io.helidon.http.Status;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

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

    private RunJson() {
    }

    /**
     * Reads a run request, answering 400 with the field at fault for malformed JSON, a missing script or a value of
     * the wrong type. Unknown fields are refused too, so a misspelt field does not go unnoticed.
     */
    static RunRequest request(byte[] body) {
        JsonObject json;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid(null, "the body must be a JSON object, not " + describe(value));
            }
            json = value.asJsonObject();
        } catch (JsonException e) {
            throw invalid(null, "the body is not valid JSON: " + e.getMessage());
        }
        for (String name : json.keySet()) {
            if (!REQUEST_FIELDS.contains(name)) {
                throw invalid(name, "unknown field '" + name + "'; the fields are script, input, variables and "
                        + "fieldSeparator");
            }
        }
        String script = string(json, "script");
        if (script == null) {
            throw invalid("script", "script is required: the AWK program to run");
        }
        return new RunRequest(script, string(json, "input"), variables(json), string(json, "fieldSeparator"));
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

    private static String string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw invalid(name, name + " must be a string, not " + describe(value));
    }

    /** Variable values may be strings or numbers; a number keeps the text it was written with. */
    private static Map<String, String> variables(JsonObject json) {
        JsonValue value = json.get("variables");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Map.of();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("variables", "variables must be an object of name to value, not " + describe(value));
        }
        Map<String, String> variables = new LinkedHashMap<>();
        value.asJsonObject().forEach((name, v) -> {
            switch (v) {
                case JsonString text -> variables.put(name, text.getString());
                case JsonNumber number -> variables.put(name, number.toString());
                default -> throw invalid("variables",
                        "variable '" + name + "' must be a string or a number, not " + describe(v));
            }
        });
        return variables;
    }

    private static String describe(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.typed("invalid-request", Status.BAD_REQUEST_400,
                "The request is not valid", detail).with("field", field));
    }
}
