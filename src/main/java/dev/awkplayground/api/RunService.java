package dev.awkplayground.api;

import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.RunResult;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The JSON API, under {@code /api/v1}:
 * {@code POST /run} runs a script, {@code GET /info} tells the mode and limits (the page shows them).
 */
public final class RunService implements HttpService {
    private static final String JSON = MediaTypes.APPLICATION_JSON.text();
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
        this.engineName = engine.interpreterName();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/run", this::run)
                .get("/info", this::info)
                .head("/info", this::info)
                .any("/run", Requests.methodNotAllowed("POST"))
                .any("/info", Requests.methodNotAllowed("GET"));
    }

    private void run(ServerRequest request, ServerResponse response) {
        Requests.requireAcceptable(request, MediaTypes.APPLICATION_JSON);
        Requests.requireContentType(request, MediaTypes.APPLICATION_JSON);
        RunResult result = engine.run(RunJson.request(Requests.body(request)), ClientConnection.of(request));
        metrics.record(result);
        Requests.send(request, response, JSON, RunJson.bytes(RunJson.result(result, engine.mode())));
    }

    /** {@code GET}, and {@code HEAD} with the same headers and no body. */
    private void info(ServerRequest request, ServerResponse response) {
        Requests.requireAcceptable(request, MediaTypes.APPLICATION_JSON);
        response.header(HeaderNames.CACHE_CONTROL, "no-store")
                .status(Status.OK_200);
        Requests.send(request, response, JSON,
                RunJson.bytes(RunJson.info(engine.mode(), engine.limits(), engineName)));
    }
}
