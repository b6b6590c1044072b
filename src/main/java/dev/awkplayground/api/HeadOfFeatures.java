package dev.awkplayground.api;

import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * {@code HEAD} on the two {@code GET} routes of Helidon's features that do not answer it ({@code /openapi} and
 * {@code /observe/metrics}, which would fall through to a 404): 405 with {@code Allow: GET}, without a body. The
 * page's files and the health endpoints answer {@code HEAD} themselves, the API's own routes in their services.
 */
public final class HeadOfFeatures implements HttpService {
    @Override
    public void routing(HttpRules rules) {
        rules.route(Method.HEAD, "/openapi", Requests.methodNotAllowed("GET"))
                .route(Method.HEAD, "/observe/metrics", Requests.methodNotAllowed("GET"));
    }
}
