package dev.awkplayground.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The OpenAPI document passes the two linters people run over OpenAPI documents, with their stock rule sets and not
 * one warning: Redocly's {@code recommended} and Spectral's {@code spectral:oas}. Both are pinned in
 * tools/openapi/package-lock.json; scripts/test.sh installs them with {@code npm ci --prefix tools/openapi}.
 */
class OpenApiLintTest {
    private static final String DOCUMENT = "src/main/resources/META-INF/openapi.yaml";
    private static final Path TOOLS = Project.ROOT.resolve("tools/openapi");
    /** No usage report to Redocly, no update check. */
    private static final Map<String, String> QUIET = Map.of("REDOCLY_TELEMETRY", "off",
            "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true", "NO_UPDATE_NOTIFIER", "1");

    @Test
    void redoclysRecommendedRulesFindNothing() {
        Project.Result result = Project.run(TOOLS, QUIET, Duration.ofMinutes(2), List.of(linter("redocly").toString(),
                "lint", "--config", "redocly.yaml", "--format=json", Project.file(DOCUMENT).toString()));
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), containsString("\"errors\": 0,"));
        assertThat(result.output(), containsString("\"warnings\": 0,"));
    }

    @Test
    void spectralsOpenApiRulesFindNothing() {
        Project.Result result = Project.run(TOOLS, QUIET, Duration.ofMinutes(2), List.of(linter("spectral").toString(),
                "lint", "--ruleset", ".spectral.yaml", "--fail-severity=hint", Project.file(DOCUMENT).toString()));
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), containsString("No results with a severity of 'hint' or higher found"));
    }

    /** A linter from tools/openapi/node_modules; missing, it fails under CI=true and skips elsewhere. */
    private static Path linter(String name) {
        Path bin = TOOLS.resolve("node_modules/.bin").resolve(name);
        if (!Files.isExecutable(bin)) {
            String message = name + " is not installed: run npm ci --prefix tools/openapi (scripts/test.sh does)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: a missing tool fails the test)");
            }
            Assumptions.abort(message);
        }
        Project.tool("node");
        return bin;
    }
}
