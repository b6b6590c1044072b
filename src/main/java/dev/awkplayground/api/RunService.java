package dev.awkplayground.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.RunResult;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.metricshub.jawk.Awk;

/**
 * The JSON API, under {@code /api/v1}:
 * {@code POST /run} runs a script, {@code GET /info} tells the mode and limits (the page shows them).
 */
public final class RunService implements HttpService {
    private final AwkEngine engine;
    private final RunMetrics metrics;
    private final String engineName;

    /**
     * @param engine  runs the scripts
     * @param metrics counts the runs
     */
    public RunService(AwkEngine engine, RunMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
        this.engineName = "jawk " + jawkVersion();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/run", this::run)
                .get("/info", this::info)
                .any("/run", Requests.methodNotAllowed("POST"))
                .any("/info", Requests.methodNotAllowed("GET"));
    }

    private void run(ServerRequest request, ServerResponse response) {
        Requests.requireContentType(request, MediaTypes.APPLICATION_JSON);
        RunResult result = engine.run(RunJson.request(Requests.body(request)));
        metrics.record(result);
        response.send(RunJson.result(result, engine.mode()));
    }

    /** jawk's manifest has no version; the Maven metadata inside its jar does. */
    private static String jawkVersion() {
        try (InputStream in = Awk.class.getResourceAsStream("/META-INF/maven/org.metricshub/jawk/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    private void info(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CACHE_CONTROL, "no-store")
                .status(Status.OK_200)
                .send(RunJson.info(engine.mode(), engine.limits(), engineName));
    }
}
