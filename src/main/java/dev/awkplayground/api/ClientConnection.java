package dev.awkplayground.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.helidon.webserver.http.ServerRequest;

/**
 * Whether the client of a request has closed its connection (it gave up, {@code curl -m 1}, or the page's Cancel
 * aborted the request): then the run it asked for is stopped and its slot freed. Helidon does not read a connection
 * while its handler runs, so the answer comes from the kernel's table of TCP sockets, {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}: the server's end of a connection the client closed leaves the established state.
 * <p>
 * Where that table cannot be read (not Linux), or does not show the connection, the client counts as present and the
 * run ends at its deadline as before. The table prints each 32-bit word of an address in the host's byte order;
 * little-endian is assumed, as on x86-64 and arm64.
 */
final class ClientConnection implements BooleanSupplier {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String ESTABLISHED = "01";

    private final InetSocketAddress server;
    private final InetSocketAddress client;
    // Worked out on the first question, which most runs end before they are asked.
    private List<String> keys;
    private boolean seen;

    private ClientConnection(InetSocketAddress server, InetSocketAddress client) {
        this.server = server;
        this.client = client;
    }

    /**
     * @param request a request being answered
     * @return true once the client has closed the request's connection
     */
    static BooleanSupplier of(ServerRequest request) {
        SocketAddress local = request.localPeer().address();
        SocketAddress remote = request.remotePeer().address();
        if (local instanceof InetSocketAddress server && remote instanceof InetSocketAddress client
                && server.getAddress() != null && client.getAddress() != null) {
            return new ClientConnection(server, client);
        }
        return () -> false;
    }

    @Override
    public boolean getAsBoolean() {
        if (keys == null) {
            List<String> servers = forms(server);
            List<String> clients = forms(client);
            keys = List.of(servers.getFirst() + " " + clients.getFirst(), servers.getLast() + " " + clients.getLast());
        }
        String state = state();
        if (state == null) {
            // Once seen, a connection that left the table was reset: gone. Never seen: the table does not tell.
            return seen;
        }
        seen = true;
        return !ESTABLISHED.equals(state);
    }

    /** The connection's state in the table (two hex digits), or null when it is not there. */
    private String state() {
        for (Path table : TABLES) {
            try (Stream<String> lines = Files.lines(table)) {
                String state = lines.skip(1)
                        .map(line -> line.trim().split("\\s+"))
                        .filter(columns -> columns.length > 3 && keys.contains(columns[1] + " " + columns[2]))
                        .map(columns -> columns[3])
                        .findFirst()
                        .orElse(null);
                if (state != null) {
                    return state;
                }
            } catch (IOException | RuntimeException e) {
                // No such table here: try the next.
            }
        }
        return null;
    }

    /** An address and port as /proc/net/tcp writes it, then as /proc/net/tcp6 writes it (IPv4 mapped into IPv6). */
    private static List<String> forms(InetSocketAddress socket) {
        InetAddress address = socket.getAddress();
        String port = String.format(Locale.ROOT, "%04X", socket.getPort());
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return List.of(words(bytes) + ":" + port, words(mapped) + ":" + port);
        }
        return List.of(words(bytes) + ":" + port, words(bytes) + ":" + port);
    }

    /** Each group of four bytes reversed (a little-endian 32-bit word), in upper-case hex. */
    private static String words(byte[] bytes) {
        byte[] swapped = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            swapped[i] = bytes[i - i % 4 + 3 - i % 4];
        }
        return HexFormat.of().withUpperCase().formatHex(swapped);
    }
}
