package dev.awkplayground.clusterlab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;

/**
 * Port-forwards through the Kubernetes API with the client's own port-forwarding (what {@code kubectl port-forward}
 * does), each on a free port of the loopback address only: the services behind them are vulnerable on purpose.
 */
final class PortForwards implements AutoCloseable {
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final List<LocalPortForward> forwards = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    PortForwards(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Forwards a loopback port to the pod's port and checks that the service answers its readiness check through it.
     *
     * @return the service's base URL on this machine
     */
    URI open(String column, Pod pod, int port) throws InterruptedException {
        String target = "pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " port " + port;
        LocalPortForward forward = client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).portForward(port, InetAddress.getLoopbackAddress(), 0);
        forwards.add(forward);
        URI base = URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/");
        String failure = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = http.send(HttpRequest.newBuilder(base.resolve("observe/health/ready"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return base;
                }
                failure = "the service answered HTTP " + status + " to /observe/health/ready";
            } catch (IOException e) {
                failure = why(forward, e);
            }
            Thread.sleep(Duration.ofSeconds(1));
        }
        throw new LabFailure(column + ": the port-forward to " + target + " does not work (" + ATTEMPTS
                + " attempts): " + failure);
    }

    /** What the API server or the kubelet said about the forward, else what the connection through it did. */
    private static String why(LocalPortForward forward, IOException e) {
        Set<String> messages = new LinkedHashSet<>();
        Stream.concat(forward.getServerThrowables().stream(), forward.getClientThrowables().stream())
                .forEach(t -> messages.add(String.valueOf(t.getMessage()).strip()));
        return messages.isEmpty() ? e.toString() : String.join("; ", messages);
    }

    @Override
    public void close() {
        for (LocalPortForward forward : forwards) {
            try {
                forward.close();
            } catch (IOException e) {
                // the forward's local socket is gone either way
            }
        }
        forwards.clear();
    }
}
