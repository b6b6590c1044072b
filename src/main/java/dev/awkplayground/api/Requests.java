package dev.awkplayground.api;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.helidon.common.media.type.MediaType;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;

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
        return e.getMessage() == null ? name : e.getMessage();
    }

    /**
     * A handler answering 405 with the allowed method, for the paths of this API.
     */
    static Handler methodNotAllowed(String allowed) {
        return (request, response) -> {
            response.header(HeaderNames.ALLOW, allowed);
            Problem.http(Status.METHOD_NOT_ALLOWED_405,
                    request.prologue().method().text() + " is not supported here; use " + allowed).send(response);
        };
    }
}
