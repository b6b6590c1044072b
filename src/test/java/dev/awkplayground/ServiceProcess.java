package dev.awkplayground;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service started as users start it, {@code java ... dev.awkplayground.Main}, in a separate JVM: for what only a
 * whole process shows (start-up logs, environment variables) and for runs that cannot be stopped, which must not
 * keep burning a core of the test JVM.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^ ]+)");

    private final Process process;
    private final List<String> log;
    private final URI uri;

    private ServiceProcess(Process process, List<String> log, URI uri) {
        this.process = process;
        this.log = log;
        this.uri = uri;
    }

    /**
     * Starts the service on a free loopback port and waits until it listens.
     *
     * @param environment extra environment variables
     * @param properties  system properties, such as {@code playground.limits.time=1s}
     */
    public static ServiceProcess start(Map<String, String> environment, Map<String, String> properties)
            throws IOException, InterruptedException {
        return start(List.of(JvmOptionFile.SERVICE.argument()), environment, properties);
    }

    /**
     * Starts the service with the given JVM options and no others, such as {@link #deploymentJvmOptions()}.
     */
    public static ServiceProcess start(List<String> jvmOptions, Map<String, String> environment,
                                       Map<String, String> properties) throws IOException, InterruptedException {
        return start(List.of(), jvmOptions, environment, properties);
    }

    /**
     * Starts the service through a launcher that sets the process's limits and then runs the java command it is given,
     * such as {@link #CONTAINER_DESCRIPTOR_LIMIT}.
     */
    public static ServiceProcess start(List<String> launcher, List<String> jvmOptions, Map<String, String> environment,
                                       Map<String, String> properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dserver.port=0");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return start(builder);
    }

    /**
     * Starts the service with a command of the caller's, such as README's {@code java -jar ...}, and waits until it
     * says where it listens.
     */
    public static ServiceProcess start(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();

        CountDownLatch listening = new CountDownLatch(1);
        URI[] found = new URI[1];
        List<String> lines = new CopyOnWriteArrayList<>();
        // A platform thread: a blocking read of a pipe holds a virtual thread's carrier, and two services' logs
        // would hold both carriers of a two-core machine, starving every virtual thread of the tests.
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        found[0] = URI.create(m.group(1) + "/");
                        listening.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        if (!listening.await(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the service did not start: " + String.join("\n", lines));
        }
        return new ServiceProcess(process, lines, found[0]);
    }

    /** A container's file-descriptor limit (podman's and containerd's default, 1024), set with util-linux's prlimit. */
    public static final List<String> CONTAINER_DESCRIPTOR_LIMIT = List.of("prlimit", "--nofile=1024:1024", "--");

    /**
     * The JVM options the image runs the service with, so the Deployment's: the two argument files apko.yaml's
     * entrypoint reads (DeployToolConfigsTest keeps it so), for java to read as it reads them there. Without the AOT
     * cache, which exists only in the image.
     */
    public static List<String> deploymentJvmOptions() {
        return List.of(JvmOptionFile.SERVICE.argument(), JvmOptionFile.IMAGE.argument());
    }

    public URI uri() {
        return uri;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The lines the service has logged so far. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /**
     * Asks the service to stop, as Kubernetes does (SIGTERM), and waits for it to exit.
     *
     * @return its exit status
     */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the service did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
