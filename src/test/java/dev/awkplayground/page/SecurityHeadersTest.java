package dev.awkplayground.page;

import dev.awkplayground.PlaygroundTestBase;
import dev.awkplayground.api.SecurityHeaders;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every kind of response carries the security headers: the page and its files, the API's answers and its problems.
 */
@ServerTest
class SecurityHeadersTest extends PlaygroundTestBase {
    private final Http1Client client;

    SecurityHeadersTest(Http1Client client) {
        this.client = client;
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /                  |                      | 200 | text/html",
            "GET  | /app.js            |                      | 200 | text/javascript",
            "GET  | /style.css         |                      | 200 | text/css",
            "GET  | /api/v1/info       |                      | 200 | application/json",
            "POST | /api/v1/run        | {\"script\":\"BEGIN{print 1}\"} | 200 | application/json",
            "POST | /api/v1/run        | {\"script\":\"BEGIN{\"} | 422 | application/problem+json",
            "GET  | /api/v1/run        |                      | 405 | application/problem+json",
            "GET  | /no-such-page.html |                      | 404 | application/problem+json"})
    void everyResponseCarriesTheSecurityHeaders(String method, String path, String body, int status,
                                                String contentType) {
        Http1ClientRequest request = client.method(Method.create(method)).path(path);
        try (Http1ClientResponse response = body == null
                ? request.request()
                : request.contentType(MediaTypes.APPLICATION_JSON).submit(body)) {
            assertThat(response.status().code(), is(status));
            // With nosniff the browser trusts only the declared type: a script served as text/plain would not run.
            assertThat(response.headers().contentType().orElseThrow().text(), startsWith(contentType));

            String policy = response.headers().get(HeaderNames.create("Content-Security-Policy")).get();
            assertThat(policy, is(SecurityHeaders.CONTENT_SECURITY_POLICY));
            assertThat(policy, containsString("default-src 'self'"));
            assertThat(policy, containsString("script-src 'self'"));
            assertThat(policy, containsString("frame-ancestors 'none'"));
            assertThat(policy, not(containsString("unsafe-")));
            assertThat(response.headers().get(HeaderNames.X_CONTENT_TYPE_OPTIONS).get(), is("nosniff"));
            assertThat(response.headers().get(HeaderNames.create("Referrer-Policy")).get(), is("no-referrer"));
            assertThat(response.headers().get(HeaderNames.create("X-Frame-Options")).get(), is("DENY"));
        }
    }

    /** A browser's reload asks again with the ETag it has: the answer is a bare 304 that keeps it, not a problem. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"/", "/app.js", "/style.css"})
    void aReloadOfAnUnchangedFileIsABare304(String path) {
        String etag;
        try (Http1ClientResponse first = client.get(path).request()) {
            etag = first.headers().get(HeaderNames.ETAG).get();
        }
        try (Http1ClientResponse again = client.get(path).header(HeaderNames.IF_NONE_MATCH, etag).request()) {
            assertThat(again.status().code(), is(304));
            assertThat(again.headers().get(HeaderNames.ETAG).get(), is(etag));
            assertThat(again.headers().contentType().isPresent(), is(false));
            assertThat(again.entity().hasEntity(), is(false));
        }
    }
}
