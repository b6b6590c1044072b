package dev.awkplayground.api;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code HEAD} on the two {@code GET} routes of Helidon's features that do not answer it ({@code /openapi} and
 * {@code /observe/metrics}, which would fall through to a 404). RFC 9110 asks every server to answer {@code HEAD}
 * wherever it answers {@code GET}, with the same headers and no body; the features do not expose what they would
 * send, and a {@code Content-Length} that differs from the {@code GET}'s is not allowed. So the answer is the
 * server's own: the same {@code GET}, asked of this server over loopback, its status and headers passed on and its
 * body left out. The page's files and the health endpoints answer {@code HEAD} themselves, the API's own routes in
 * their services.
 */
public final class HeadOfFeatures implements HttpService {
    private static final List<HeaderName> PASSED_ON = List.of(HeaderNames.CONTENT_TYPE, HeaderNames.CONTENT_LENGTH,
            HeaderNames.CACHE_CONTROL);
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    @Override
    public void routing(HttpRules rules) {
        rules.route(Method.HEAD, "/openapi", HeadOfFeatures::headOfGet)
                .route(Method.HEAD, "/observe/metrics", HeadOfFeatures::headOfGet);
    }

    private static void headOfGet(ServerRequest request, ServerResponse response) {
        String head;
        try {
            head = get(request);
        } catch (IOException e) {
            throw new ProblemException(Problem.http(Status.SERVICE_UNAVAILABLE_503,
                    "the answer to GET " + request.path().path() + " could not be had for this HEAD: " + e.getMessage()));
        }
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        response.status(Status.create(Integer.parseInt(statusLine[1])));
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            PASSED_ON.stream().filter(known -> known.lowerCase().equals(name.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .ifPresent(known -> response.headers().add(known, value));
        }
        response.send();
    }

    /**
     * The status line and headers this server answers to the same GET (the body is not read): over loopback, or over
     * the connection's own address for a server that listens on one address only.
     */
    private static String get(ServerRequest request) throws IOException {
        InetSocketAddress local = (InetSocketAddress) request.localPeer().address();
        String accept = request.headers().first(HeaderNames.ACCEPT).orElse("*/*");
        String get = "GET " + request.path().path() + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
                + "\r\nConnection: close\r\n\r\n";
        try {
            return headOf(new InetSocketAddress(InetAddress.getLoopbackAddress(), local.getPort()), get);
        } catch (IOException e) {
            return headOf(local, get);
        }
    }

    private static String headOf(InetSocketAddress server, String get) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(get.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // Buffered: the headers are read a byte at a time, up to the blank line that ends them.
            InputStream in = new BufferedInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || head.indexOf("\r\n\r\n", head.length() - 4) < 0) {
                int b = in.read();
                if (b < 0 || head.length() >= MAX_HEAD_BYTES) {
                    throw new IOException("the headers did not end");
                }
                head.append((char) b);
            }
            if (!head.toString().startsWith("HTTP/1.1 ")) {
                throw new IOException("the answer was not HTTP/1.1");
            }
            return head.toString();
        }
    }
}
