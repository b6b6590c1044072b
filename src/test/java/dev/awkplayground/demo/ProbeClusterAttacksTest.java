package dev.awkplayground.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.awkplayground.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The probe's cluster-only attack ({@code --cluster}) and its connection attacks, against the service in a process of
 * its own whose environment says where "the API server" is: here an HTTPS server on loopback that answers
 * {@code /version} as an API server does. (Without --cluster the catalogue is as ProbeTest counts it.)
 */
class ProbeClusterAttacksTest {

    @Test
    void theApiServerCountsAsReachedOnlyWhenItAnswers(@TempDir Path dir) throws Exception {
        HttpsServer api = apiServer(dir);
        int apiPort = api.getAddress().getPort();
        int closedPort = closedPort();
        try (ServiceProcess reaches = ServiceProcess.start(apiAt(apiPort), Map.of());
             ServiceProcess closed = ServiceProcess.start(apiAt(closedPort), Map.of())) {
            ProbeRunner.ProbeRun probe = ProbeRunner.run("--json", "--cluster",
                    "--egress-target", "127.0.0.1:" + closedPort, "--loopback-port", String.valueOf(closedPort),
                    "reaches=" + reaches.uri(), "closed=" + closed.uri());
            assertThat(probe.exitCode(), is(0));

            assertThat(probe.result("reaches", "api-server-reachable"), is("works"));
            assertThat(probe.evidence("reaches", "api-server-reachable"), is("curl: HTTP 200"));
            assertThat(probe.result("reaches", "api-server"), is("works"));
            assertThat(probe.evidence("reaches", "api-server"), is("127.0.0.1:" + apiPort));
            // curl prints "HTTP 000" when it cannot connect: that is no connection.
            assertThat(probe.result("closed", "api-server-reachable"), is("blocked"));
            assertThat(probe.evidence("closed", "api-server-reachable"), is("curl: HTTP 000"));
            for (String target : List.of("reaches", "closed")) {
                assertThat(target, probe.result(target, "egress"), is("blocked"));
                assertThat(target, probe.result(target, "open-connection"), is("blocked"));
            }
        } finally {
            api.stop(0);
        }
    }

    private static Map<String, String> apiAt(int port) {
        return Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", String.valueOf(port));
    }

    /** A port nothing listens on: bound once to learn a free one, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** HTTPS on loopback with a self-signed certificate from the JDK's keytool; /version answers 200. */
    private static HttpsServer apiServer(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "api", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new AssertionError("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/version", exchange -> {
            byte[] body = "{\"major\": \"1\", \"minor\": \"33\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
