package dev.awkplayground.clusterlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * fabric8's Kubernetes mock server in CRUD mode, on loopback, plus the two pod subresources the lab uses that CRUD mode
 * does not serve: {@code portforward}, spoken as the kubelet speaks it (the v4.channel.k8s.io WebSocket protocol) and
 * piped to a real TCP server standing for the pod, and {@code log}. {@link FakeKubelet} plays the controllers.
 */
final class MockCluster implements AutoCloseable {
    private static final Pattern PORT_FORWARD = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/portforward"
            + "\\?ports=(\\d+)");
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    private volatile InetSocketAddress pods;

    MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Matcher forward = PORT_FORWARD.matcher(request.getPath());
                if (forward.matches()) {
                    return portForward(forward.group(1), forward.group(2), Integer.parseInt(forward.group(3)));
                }
                Matcher log = LOG.matcher(request.getPath());
                if (log.matches()) {
                    String text = logs.get(log.group(2));
                    return text == null ? new MockResponse().setResponseCode(404)
                            : new MockResponse().setResponseCode(200).setBody(text);
                }
                return crud.dispatch(request);
            }

            @Override
            public void shutdown() {
                crud.shutdown();
            }

            @Override
            public void releaseResources() {
                crud.releaseResources();
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false,
                new VersionInfo.Builder().withMajor("1").withMinor("33").withGitVersion("v1.33.0-mock").build());
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    NamespacedKubernetesClient client() {
        return client;
    }

    /** Where port-forwards to any pod lead; null: the kubelet reports that nothing listens in the pod. */
    void podsListenAt(InetSocketAddress address) {
        pods = address;
    }

    /** What a pod's previous container logged. */
    void log(String pod, String text) {
        logs.put(pod, text);
    }

    /** A kubeconfig whose context {@code mock} points at this server, for a lab in another JVM. */
    Path kubeconfig(Path dir) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: http://127.0.0.1:%d
                users:
                  - name: mock
                    user:
                      token: not-checked
                contexts:
                  - name: mock
                    context:
                      cluster: mock
                      user: mock
                current-context: mock
                """.formatted(server.getPort()));
        return file;
    }

    /**
     * The kubelet's side of a port-forward: the port on channels 0 (data) and 1 (errors) first, then data both ways on
     * channel 0; an error on channel 1 when nothing listens.
     */
    private MockResponse portForward(String namespace, String pod, int port) {
        InetSocketAddress target = pods;
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            private Socket socket;

            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                webSocket.send(new byte[] {0, (byte) port, (byte) (port >> 8)});
                webSocket.send(new byte[] {1, (byte) port, (byte) (port >> 8)});
                try {
                    if (target == null) {
                        throw new IOException("connection refused");
                    }
                    socket = new Socket(target.getAddress(), target.getPort());
                } catch (IOException e) {
                    byte[] error = ("error forwarding port " + port + " to pod " + namespace + "/" + pod
                            + ": failed to connect to localhost:" + port + " inside namespace: " + e.getMessage())
                            .getBytes(StandardCharsets.UTF_8);
                    webSocket.send(channel(1, error, error.length));
                    webSocket.close(1000, "");
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = socket.getInputStream()) {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            webSocket.send(channel(0, buffer, n));
                        }
                    } catch (IOException e) {
                        // the connection to the pod ended
                    }
                    webSocket.close(1000, "");
                });
            }

            @Override
            public void onMessage(WebSocket webSocket, byte[] bytes) {
                if (bytes.length > 1 && bytes[0] == 0 && socket != null) {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(bytes, 1, bytes.length - 1);
                        out.flush();
                    } catch (IOException e) {
                        webSocket.close(1011, e.getMessage());
                    }
                }
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                close();
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                close();
            }

            private void close() {
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException ignored) {
                    // closed either way
                }
            }
        });
    }

    private static byte[] channel(int channel, byte[] data, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(data, 0, frame, 1, length);
        return frame;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
