package dev.awkplayground.api;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Closes the connection after a response that says {@code Connection: close}: the client asked for it, or the
 * service did because the rest of the request could not be read. Helidon 4.5.0 writes the header but keeps reading
 * the connection (see README, "Known issues"); then a body the service could not parse would be read as the next
 * request, and a client waiting for the server to close would wait for its idle timeout.
 * <p>
 * The error handlers run inside {@link FilterChain#proceed()}, so this also sees the problems they send.
 */
public final class ConnectionClose implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        chain.proceed();
        if (response.isSent() && (request.headers().containsToken(HeaderValues.CONNECTION_CLOSE)
                || response.headers().containsToken(HeaderValues.CONNECTION_CLOSE))) {
            throw new CloseConnectionException("the response closes the connection");
        }
    }
}
