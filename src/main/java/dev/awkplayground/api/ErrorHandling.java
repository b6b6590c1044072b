package dev.awkplayground.api;

import java.lang.System.Logger.Level;
import java.util.Set;

import dev.awkplayground.engine.InvalidRunRequestException;
import dev.awkplayground.engine.OverloadedException;
import dev.awkplayground.engine.ScriptRejectedException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;

/**
 * Turns every failure into an RFC 9457 problem response: the exceptions the API and the engine throw, Helidon's
 * own HTTP errors (404, a body over the payload limit) and anything unexpected, which is logged here and never shown
 * to the client.
 */
public final class ErrorHandling {
    private static final System.Logger LOGGER = System.getLogger(ErrorHandling.class.getName());
    /** The fields of /api/v1/run and of the /test form. */
    private static final Set<String> FIELDS = Set.of("script", "input", "variables", "fieldSeparator", "awkScript",
            "text");

    private ErrorHandling() {
    }

    /**
     * Registers the error handlers of the routing.
     *
     * @param routing the routing of the service
     * @param metrics counts the requests refused before a run
     */
    public static void register(HttpRouting.Builder routing, RunMetrics metrics) {
        routing.error(ProblemException.class, (req, res, e) -> {
                    if (e.closesConnection()) {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                    }
                    counted(e.problem(), metrics).send(req, res);
                })
                .error(InvalidRunRequestException.class, (req, res, e) -> counted(invalid(e), metrics).send(req, res))
                .error(ScriptRejectedException.class, (req, res, e) -> {
                    Problem problem = rejected(e);
                    metrics.refused(problem.typeName(), e.refused() == null ? null : e.refused().id());
                    problem.send(req, res);
                })
                .error(OverloadedException.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
                    counted(Problem.overloaded(e.getMessage()), metrics).send(req, res);
                })
                .error(HttpException.class, (req, res, e) -> {
                    if (e.status().code() < 400) {
                        // Not a failure: the page's files answer a conditional GET with a 304 thrown this way. A 304
                        // has no body (Helidon logs a bogus 500 for one that tries), and keeps its ETag.
                        e.headers().forEach(res::header);
                        res.status(e.status()).send();
                        return;
                    }
                    Problem.http(e.status(), httpDetail(e)).send(req, res);
                })
                .error(Throwable.class, (req, res, e) -> {
                    LOGGER.log(Level.ERROR, "Unexpected failure handling " + req.prologue(), e);
                    Problem.http(Status.INTERNAL_SERVER_ERROR_500,
                            "the server failed to handle the request; the failure is in its log").send(req, res);
                });
    }

    /**
     * Handlers for errors Helidon answers before routing, such as a body over {@code server.max-payload-size} or a
     * malformed request line.
     *
     * @return direct handlers producing problem bodies
     */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = ErrorHandling::direct;
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    private static DirectHandler.TransportResponse direct(DirectHandler.TransportRequest request,
                                                          DirectHandler.EventType eventType,
                                                          Status status,
                                                          ServerResponseHeaders headers,
                                                          String message) {
        String detail = switch (status.code()) {
            case 413 -> "the request body is larger than the server accepts (server.max-payload-size)";
            case 500 -> "the server failed to handle the request; the failure is in its log";
            default -> message == null || message.isBlank() ? status.reasonPhrase() : message;
        };
        Problem problem = Problem.http(status, detail);
        SecurityHeaders.apply(headers);
        headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        byte[] body = problem.toJsonBytes();
        DirectHandler.TransportResponse.Builder response = DirectHandler.TransportResponse.builder()
                .status(status)
                .keepAlive(eventType.keepAlive());
        if (Method.HEAD.text().equals(request.method())) {
            headers.set(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
            return response.headers(headers).build();
        }
        return response.headers(headers).entity(body).build();
    }

    /**
     * Counts a refusal by its problem type and the field it names; a field the API does not have (an unknown one the
     * client sent) counts as {@code other}, so that clients cannot make up new time series.
     */
    private static Problem counted(Problem problem, RunMetrics metrics) {
        Object field = problem.extensions().get("field");
        String cause = field == null ? null : FIELDS.contains(field.toString()) ? field.toString() : "other";
        metrics.refused(problem.typeName(), cause);
        return problem;
    }

    private static Problem invalid(InvalidRunRequestException e) {
        return invalid(e, e.field(), e.getMessage());
    }

    /**
     * The problem of an invalid request, naming the field as the client's request named it; {@code /test} calls the
     * engine's {@code script} and {@code input} {@code awkScript} and {@code text}.
     *
     * @param e         what the engine refused
     * @param fieldName the name of the field in the client's request
     * @param detail    what to say
     */
    static Problem invalid(InvalidRunRequestException e, String fieldName, String detail) {
        Problem problem = switch (e.kind()) {
            case TOO_LARGE -> Problem.tooLarge(detail);
            case MALFORMED -> Problem.invalidRequest(detail);
        };
        return problem.with("field", fieldName);
    }

    private static Problem rejected(ScriptRejectedException e) {
        return switch (e.reason()) {
            case SYNTAX -> Problem.syntaxError(e.getMessage())
                    .with("line", e.line())
                    .with("parserMessage", e.parserMessage());
            case REFUSED -> Problem.sandboxRefusal(e.getMessage());
        };
    }

    private static String httpDetail(HttpException e) {
        if (e.status().code() == Status.NOT_FOUND_404.code()) {
            return "no such endpoint; the API is POST /test, POST /api/v1/run and GET /api/v1/info (see /openapi)";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.status().reasonPhrase() : e.getMessage();
    }
}
