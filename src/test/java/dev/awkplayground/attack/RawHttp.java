package dev.awkplayground.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 written by hand on a socket, for requests no HTTP client would send: broken chunking, bodies shorter than
 * their Content-Length, a half-closed connection.
 */
final class RawHttp {
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3}) ");

    private RawHttp() {
    }

    /**
     * What came back on one connection.
     *
     * @param text   everything the server sent, as ISO-8859-1
     * @param closed whether the server closed the connection (rather than the read timing out)
     */
    record Exchange(String text, boolean closed) {
        /** The status of every response on the connection, in order. */
        java.util.List<Integer> statuses() {
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            Matcher m = STATUS_LINE.matcher(text);
            while (m.find()) {
                statuses.add(Integer.valueOf(m.group(1)));
            }
            return statuses;
        }

        String body() {
            int start = text.indexOf("\r\n\r\n");
            return start < 0 ? "" : text.substring(start + 4);
        }
    }

    /**
     * Sends bytes on a new connection and reads until the server closes it or is silent for {@code waitMillis}.
     *
     * @param halfClose whether to shut down our sending side after the request, as a client that gave up would
     */
    static Exchange exchange(URI base, byte[] request, boolean halfClose, int waitMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            socket.setSoTimeout(waitMillis);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            try {
                for (int n = in.read(buffer); ; n = in.read(buffer)) {
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // the server kept the connection open
            } catch (IOException e) {
                closed = true; // reset by the server
            }
            return new Exchange(received.toString(StandardCharsets.ISO_8859_1), closed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request head and body, joined with the CR LF that HTTP/1.1 wants. */
    static byte[] request(String head, String body) {
        return (head.replace("\n", "\r\n") + "\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }
}
