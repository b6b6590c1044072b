package dev.awkplayground.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers every response carries. The page's script and styles are files of this service, never inline, so the
 * content security policy can forbid everything else; the page never runs inside a frame.
 */
public final class SecurityHeaders implements Filter {
    /** The content security policy of every response. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /**
     * Sets the headers on a response.
     *
     * @param headers the response headers
     */
    public static void apply(WritableHeaders<?> headers) {
        headers.set(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        headers.set(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.set(HeaderNames.create("Referrer-Policy"), "no-referrer");
        headers.set(HeaderNames.create("X-Frame-Options"), "DENY");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        apply(response.headers());
        chain.proceed();
    }
}
