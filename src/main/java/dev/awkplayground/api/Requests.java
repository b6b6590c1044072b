package dev.awkplayground.api;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.helidon.common.media.type.MediaType;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Checks shared by the API handlers.
 */
final class Requests {
    private Requests() {
    }

    /**
     * Answers 415 unless the request's content type is one of the accepted ones.
     *
     * @return the request's content type
     */
    static HttpMediaType requireContentType(ServerRequest request, MediaType... accepted) {
        HttpMediaType actual = request.headers().contentType().orElse(null);
        if (actual != null) {
            for (MediaType type : accepted) {
                if (actual.test(type)) {
                    return actual;
                }
            }
        }
        String expected = Arrays.stream(accepted).map(MediaType::text).collect(Collectors.joining(" or "));
        throw new ProblemException(Problem.http(Status.UNSUPPORTED_MEDIA_TYPE_415,
                "send the body as " + expected + (actual == null ? "" : ", not " + actual.mediaType().text())));
    }

    /**
     * The request body. An absent body is an empty one; a body that cannot be read (chunk sizes that are not hex
     * numbers, fewer bytes than Content-Length announced) is answered 400 and the connection is closed after it,
     * since where the next request would start on it is unknown.
     */
    static byte[] body(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try {
            return request.content().as(byte[].class);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.invalidRequest("the request body could not be read: " + why(e)), true);
        }
    }

    private static String why(RuntimeException e) {
        if (e instanceof NumberFormatException) {
            return "a chunk size is not a hexadecimal number";
        }
        String name = e.getClass().getSimpleName();
        if (name.contains("InsufficientData") || e.getCause() instanceof java.io.IOException) {
            return "the body ended before its announced length";
        }
        return e.getMessage() == null ? "the body could not be read" : e.getMessage();
    }

    /**
     * A handler answering 405 with the allowed method, for the paths of this API.
     */
    static Handler methodNotAllowed(String allowed) {
        return (request, response) -> {
            response.header(HeaderNames.ALLOW, allowed);
            Problem.http(Status.METHOD_NOT_ALLOWED_405,
                    request.prologue().method().text() + " is not supported here; use " + allowed)
                    .send(request, response);
        };
    }

    /**
     * Answers 406 unless the request's {@code Accept} allows what the endpoint sends: decided before anything runs,
     * so a script is never run for an answer the client refuses. No {@code Accept} header means anything. Problems
     * are sent as {@code application/problem+json} whatever {@code Accept} says, as RFC 9110 allows for errors.
     *
     * @param produced what the endpoint answers on success
     */
    static void requireAcceptable(ServerRequest request, MediaType produced) {
        if (request.headers().contains(HeaderNames.ACCEPT) && !request.headers().isAccepted(produced)) {
            throw new ProblemException(Problem.http(Status.NOT_ACCEPTABLE_406, "this endpoint answers "
                    + produced.text() + " (and problems as " + Problem.MEDIA_TYPE + "), which the Accept header "
                    + "does not allow; accept " + produced.text() + " or */*"));
        }
    }

    /**
     * Sends a body with its content type, or for a {@code HEAD} request only the headers: the same status and headers,
     * with the length of the body that was left out (RFC 9110 forbids a body on an answer to {@code HEAD}).
     */
    static void send(ServerRequest request, ServerResponse response, String contentType, byte[] body) {
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        if (Method.HEAD.equals(request.prologue().method())) {
            response.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
            response.send();
        } else {
            response.send(body);
        }
    }
}
