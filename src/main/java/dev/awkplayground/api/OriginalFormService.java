package dev.awkplayground.api;

import java.util.Map;

import dev.awkplayground.engine.AwkEngine;
import dev.awkplayground.engine.InvalidRunRequestException;
import dev.awkplayground.engine.RunRequest;
import dev.awkplayground.engine.RunResult;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /test}: the original Go service's API, unchanged. Form fields {@code text} and {@code awkScript};
 * the answer is the AWK output as plain text, followed by what commands wrote to stderr and, when the run did not
 * complete, an {@code awk: } line saying why. The exit code and outcome are in {@code X-Awk-Exit-Code} and
 * {@code X-Awk-Outcome}.
 */
public final class OriginalFormService implements HttpService {
    private static final Map<String, String> ENGINE_TO_FORM_FIELD = Map.of("script", "awkScript", "input", "text");

    private final AwkEngine engine;
    private final RunMetrics metrics;

    /**
     * @param engine  runs the scripts
     * @param metrics counts the runs
     */
    public OriginalFormService(AwkEngine engine, RunMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::run)
                .any("/", Requests.methodNotAllowed("POST"));
    }

    private void run(ServerRequest request, ServerResponse response) {
        Requests.requireAcceptable(request, MediaTypes.TEXT_PLAIN);
        Map<String, String> fields = FormFields.read(request);
        RunResult result;
        try {
            result = engine.run(RunRequest.of(required(fields, "awkScript"), required(fields, "text")),
                    ClientConnection.of(request));
        } catch (InvalidRunRequestException e) {
            throw inFormTerms(e);
        }
        metrics.record(result);
        StringBuilder body = new StringBuilder(result.output()).append(result.stderr());
        if (result.error() != null) {
            // On a line of its own, also after output that a limit cut in the middle of a line.
            if (!body.isEmpty() && body.charAt(body.length() - 1) != '\n') {
                body.append('\n');
            }
            body.append("awk: ").append(result.error());
            if (result.errorLine() != null) {
                body.append(" (near line ").append(result.errorLine()).append(')');
            }
            body.append('\n');
        }
        response.status(Status.OK_200)
                .header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .header(HeaderNames.create("X-Awk-Exit-Code"), String.valueOf(result.exitCode()))
                .header(HeaderNames.create("X-Awk-Outcome"), result.outcome().id())
                .send(body.toString());
    }

    /** The engine says {@code script is 70000 bytes, ...}; the form's user sent a field called {@code awkScript}. */
    private static ProblemException inFormTerms(InvalidRunRequestException e) {
        String name = ENGINE_TO_FORM_FIELD.getOrDefault(e.field(), e.field());
        String detail = e.getMessage().startsWith(e.field() + " ")
                ? "form field '" + name + "'" + e.getMessage().substring(e.field().length())
                : e.getMessage();
        return new ProblemException(ErrorHandling.invalid(e, name, detail));
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new ProblemException(Problem.invalidRequest("form field '" + name + "' is required").with("field", name));
        }
        return value;
    }
}
