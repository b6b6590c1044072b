package dev.awkplayground.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.awkplayground.Http;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The OpenAPI document (src/main/resources/META-INF/openapi.yaml) as a contract that answers are checked against:
 * the answer's status must be declared for its operation, its content type must be one the document gives that
 * status, and its body must validate against that schema (networknt's validator, with OpenAPI 3.0's dialect, so
 * {@code nullable} counts). Requests that match no operation are checked against {@code x-outside-operations}.
 */
final class OpenApiContract {
    private static final String LOCATION = "classpath:META-INF/openapi.yaml";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    OpenApiContract() {
        try (var in = OpenApiContract.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            document = YAMLMapper.builder().build().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every status the document declares for an operation. */
    List<String> declaredStatuses(String method, String path) {
        List<String> statuses = new ArrayList<>();
        document.at(pointer("paths", path, method, "responses")).propertyNames().forEach(statuses::add);
        return statuses;
    }

    /**
     * Checks one answer of the service.
     *
     * @param method the request's method, lower case as in the document
     * @param path   the request's path
     */
    void assertConforms(String method, String path, Http.Response response) {
        String status = String.valueOf(response.status());
        JsonNode pathItem = document.at(pointer("paths", URI.create(path).getPath()));
        JsonNode declared;
        if (pathItem.isMissingNode() || pathItem.get(method) == null) {
            String expected = pathItem.isMissingNode() ? "404" : "405";
            assertThat(method + " " + path, status, is(expected));
            declared = document.at(pointer("x-outside-operations", expected));
        } else {
            JsonNode responses = pathItem.get(method).get("responses");
            List<String> statuses = new ArrayList<>();
            responses.propertyNames().forEach(statuses::add);
            assertThat(method + " " + path + ": an undeclared status", statuses, hasItem(status));
            declared = resolve(responses.get(status));
        }
        JsonNode content = declared.get("content");
        String contentType = response.contentType() == null ? null : response.contentType().split(";")[0].strip();
        if (content == null) {
            assertThat(method + " " + path + " " + status + " declares no body", response.body(), is(""));
            return;
        }
        List<String> types = new ArrayList<>();
        content.propertyNames().forEach(types::add);
        assertThat(method + " " + path + " " + status + ": content type", types, hasItem(contentType));
        JsonNode schema = content.get(contentType).get("schema");
        JsonNode body = contentType.endsWith("json") ? JSON.readTree(response.body())
                : JSON.getNodeFactory().stringNode(response.body());
        assertThat(method + " " + path + " " + status + " " + body, errors(schema, body), empty());
        JsonNode headers = declared.get("headers");
        if (headers != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                String value = response.header(header.getKey());
                assertThat(header.getKey(), value, is(notNullValue()));
                JsonNode headerSchema = header.getValue().get("schema");
                JsonNode typed = "integer".equals(headerSchema.path("type").asString())
                        ? JSON.getNodeFactory().numberNode(Long.parseLong(value))
                        : JSON.getNodeFactory().stringNode(value);
                assertThat(header.getKey(), errors(headerSchema, typed), empty());
            }
        }
    }

    /** What the validator finds wrong with a value against a schema of the document (a $ref or inline). */
    List<String> errors(JsonNode schema, JsonNode value) {
        Schema validator = schema.has("$ref")
                ? registry.getSchema(SchemaLocation.of(LOCATION + schema.get("$ref").asString()))
                : registry.getSchema(SchemaLocation.of(LOCATION + "#/inline"), schema);
        return validator.validate(value).stream().map(Error::toString).toList();
    }

    /** The schema of a component, for checks on requests. */
    JsonNode component(String name) {
        return JSON.getNodeFactory().objectNode().put("$ref", "#/components/schemas/" + name);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asString().substring(1));
        }
        return current;
    }

    private static String pointer(String... names) {
        StringBuilder pointer = new StringBuilder();
        for (String name : names) {
            pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }
}
