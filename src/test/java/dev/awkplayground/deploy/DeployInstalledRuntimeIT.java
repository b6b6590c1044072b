package dev.awkplayground.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.awkplayground.Http;
import com.sun.net.httpserver.HttpServer;
import dev.awkplayground.JvmOptionFile;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * scripts/install.sh run here with this JDK's jlink, as melange runs it: with busybox's sh, a PATH holding only the
 * commands of melange.yaml's build environment, and SOURCE_DATE_EPOCH set; then every file given that mtime, as
 * melange does, and the service started from what it installed the way the image starts it (apko.yaml's entrypoint),
 * in a tree it must not write to. An integration test: it needs the packaged jar
 * and libs, so Maven runs it after {@code package} ({@code mvn verify}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployInstalledRuntimeIT {
    private static final String PREFIX = "usr/lib/awk-playground";
    /** What melange would export: an odd value, so that finding it in the AOT cache is no coincidence. */
    private static final long SOURCE_DATE_EPOCH = 1_577_836_811L;

    @TempDir
    static Path work;
    private static Path home;
    private static Process service;
    private static Http http;
    private static Map<String, Long> treeBefore;
    private static long startMillis;
    private static List<Path> classPathJars;
    private static Map<Path, Long> mtimesAfterInstall;

    @BeforeAll
    static void installAndStart() throws IOException, InterruptedException {
        Path jdk = Project.jdkTool("jlink").getParent().getParent();
        Path dest = work.resolve("dest");
        Path busybox = Project.tool("busybox", Path.of("/usr/bin/busybox"), Path.of("/bin/busybox"));
        String output = Project.runOk(Project.ROOT, Map.of("JAVA_HOME", jdk.toString(),
                        "PATH", wolfiBuildPath(busybox, jdk).toString(),
                        ToolFacts.MELANGE_EXPORTS, String.valueOf(SOURCE_DATE_EPOCH)),
                Duration.ofMinutes(3), busybox.toString(), "sh", "scripts/install.sh", dest.toString());
        System.out.println(output);
        home = dest.resolve(PREFIX);
        classPathJars = jars(home.resolve("app"));
        mtimesAfterInstall = mtimes(home);
        // What melange then does to the package, and apko keeps: every file gets the mtime SOURCE_DATE_EPOCH.
        for (Path file : mtimesAfterInstall.keySet()) {
            Files.setLastModifiedTime(home.resolve(file), FileTime.from(SOURCE_DATE_EPOCH, TimeUnit.SECONDS));
        }
        // Read-only for the service (which runs as the test's user); as root, the snapshot comparison still tells.
        setOwnerWritable(dest, false);
        treeBefore = snapshot(home);

        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        List<String> command = new ArrayList<>();
        for (String word : ApkoImage.read().entrypoint()) {
            command.add(word.replace("/" + PREFIX, dest + "/" + PREFIX));
        }
        // After the option files, so that it wins over their /tmp: the test's own temporary folder.
        command.add(command.indexOf("-jar"), "-Djava.io.tmpdir=" + tmp);
        command.add(1, "-Dserver.port=" + port);
        // The image maps install.sh's AOT cache; here it must be usable, not silently skipped.
        command.add(1, "-XX:AOTMode=on");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        // The image listens on 0.0.0.0; a test listens on loopback only.
        builder.environment().putAll(Map.of("SERVER_HOST", "127.0.0.1", "PLAYGROUND_MODE", "vulnerable"));
        long start = System.nanoTime();
        service = builder.start();
        http = new Http(URI.create("http://127.0.0.1:" + port + "/"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready()) {
            if (System.nanoTime() > deadline || !service.isAlive()) {
                throw new AssertionError("the service did not become ready:\n" + log());
            }
            Thread.sleep(50);
        }
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("installed service ready in " + startMillis + " ms");
    }

    @AfterAll
    static void stop() throws InterruptedException, IOException {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
            service.waitFor(30, TimeUnit.SECONDS);
        }
        setOwnerWritable(work.resolve("dest"), true); // so that the temporary folder can be deleted
    }

    @Test
    void theRuntimeHasExactlyTheListedModules() {
        String modules = Project.runOk(work, Map.of(), Duration.ofSeconds(30),
                home.resolve("runtime/bin/java").toString(), "--list-modules");
        Set<String> actual = modules.lines().map(line -> line.replaceAll("@.*", "").trim())
                .filter(line -> !line.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(actual, is(RuntimeModules.listed()));
    }

    @Test
    void jdepsFindsNoModuleTheListDoesNotName() {
        Set<String> named = new TreeSet<>(RuntimeModules.listed());
        named.addAll(RuntimeModules.excluded());
        Set<String> found = RuntimeModules.jdeps(home.resolve("app"));
        found.removeAll(named);
        assertThat("modules jdeps finds that scripts/runtime-modules.txt neither lists nor excludes", found, empty());
    }

    /** The entrypoint reads its JVM options from files install.sh copied: src/main/jvm's, byte for byte. */
    @Test
    void theInstalledOptionFilesAreTheRepositorysAndTheEntrypointReadsThem() throws IOException {
        for (JvmOptionFile file : JvmOptionFile.values()) {
            Path installed = home.resolve("app").resolve(file.fileName());
            assertThat(file.fileName(), Files.readString(installed), is(Files.readString(file.path())));
        }
        for (String option : ApkoImage.read().jvmOptions()) {
            if (option.startsWith("@")) {
                assertThat(option, Files.isRegularFile(work.resolve("dest").resolve(option.substring(2))), is(true));
            }
        }
    }

    @Test
    void theRuntimeHasNoManPagesHeadersOrJmods() {
        for (String absent : List.of("runtime/man", "runtime/include", "runtime/jmods", "runtime/lib/src.zip")) {
            assertThat(absent, Files.exists(home.resolve(absent)), is(false));
        }
    }

    /**
     * The image carries the SBOM of what it ships. cyclonedx-maven-plugin validates the file against the CycloneDX
     * JSON schema as it writes it (a build with an invalid one fails); here: it is the one install.sh put in the
     * tree, it is CycloneDX, and its components are exactly the jars the image runs.
     */
    @Test
    void theInstalledTreeShipsTheCycloneDxSbomOfItsJars() throws IOException {
        Path sbom = home.resolve("app/vulnerable-awk-playground.cdx.json");
        assertThat("install.sh ships the SBOM", Files.isRegularFile(sbom), is(true));
        JsonObject bom;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(sbom))) {
            bom = reader.readObject();
        }
        assertThat(bom.getString("bomFormat"), is("CycloneDX"));
        assertThat(bom.getString("specVersion"), startsWith("1."));
        assertThat(bom.getString("serialNumber"), startsWith("urn:uuid:"));
        assertThat(bom.getJsonObject("metadata").getJsonObject("component").getString("name"),
                is("vulnerable-awk-playground"));
        Set<String> components = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (JsonObject component : bom.getJsonArray("components").getValuesAs(JsonObject.class)) {
            assertThat(component.getString("purl"), startsWith("pkg:maven/"));
            names.add(component.getString("name"));
            components.add(component.getString("name") + "-" + component.getString("version") + ".jar");
        }
        assertThat(names, hasItems("jawk", "helidon-webserver"));
        Set<String> jars;
        try (Stream<Path> libs = Files.list(home.resolve("app/libs"))) {
            jars = libs.map(lib -> lib.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat("one component per jar in app/libs, no more, no fewer", components, is(jars));
    }

    /**
     * melange sets every file's mtime to SOURCE_DATE_EPOCH, and a JVM refuses an AOT cache trained on jars whose size
     * or mtime differ from those it runs: install.sh must train on the mtimes the package will carry. The cache
     * records each class-path jar's mtime and size (ToolFacts.AOT_CLASS_PATH_ENTRY_BYTES), so read them there.
     */
    @Test
    void theAotCacheIsTrainedOnTheMtimesThePackageWillCarry() throws IOException {
        Path cache = Path.of("app/awk-playground.aot");
        for (Map.Entry<Path, Long> file : mtimesAfterInstall.entrySet()) {
            if (!file.getKey().equals(cache)) {
                assertThat(file.getKey() + " mtime", file.getValue(), is(SOURCE_DATE_EPOCH));
            }
        }
        byte[] recorded = Files.readAllBytes(home.resolve(cache));
        assertThat("the jars on the class path", classPathJars.size(), greaterThan(10));
        for (Path jar : classPathJars) {
            ByteBuffer entry = ByteBuffer.allocate(ToolFacts.AOT_CLASS_PATH_ENTRY_BYTES).order(ByteOrder.nativeOrder())
                    .putLong(SOURCE_DATE_EPOCH).putLong(Files.size(jar));
            assertThat("the cache holds " + jar.getFileName() + " with mtime SOURCE_DATE_EPOCH and its size",
                    indexOf(recorded, entry.array()), greaterThan(-1));
        }
    }

    /**
     * melange.yaml's test of the service, run on the installed tree in its environment (busybox and curl), with its
     * first port taken by another server that answers every health check, as `skaffold dev`'s port-forward takes
     * 8080 on the host a native melange test shares: the test must choose another port, and pass on its own service.
     */
    @Test
    void melangesServiceTestAvoidsAPortInUseAndPasses() throws IOException {
        String step = DeployToolConfigsTest.runScripts(ApkoImage.list(ApkoImage.map(Project.yaml("melange.yaml")
                .get("test"), "test").get("pipeline"), "test pipeline")).stream()
                .filter(script -> script.contains("/observe/health/ready")).findFirst().orElseThrow();
        Path busybox = Project.tool("busybox", Path.of("/usr/bin/busybox"), Path.of("/bin/busybox"));
        Path path = wolfiPath("wolfi-test-bin", busybox, List.of(Project.tool("curl", Path.of("/usr/bin/curl"))));
        Path dir = Files.createDirectories(work.resolve("melange-test"));
        HttpServer impostor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 18080), 8);
        impostor.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        impostor.start();
        try {
            Project.Result result = Project.run(dir, Map.of("PATH", path.toString()), Duration.ofMinutes(2),
                    List.of(busybox.toString(), "sh", "-e", "-c", step.replace("/" + PREFIX, work.resolve("dest")
                            + "/" + PREFIX)));
            assertThat(result.output(), result.exitCode(), is(0));
            assertThat(result.output(), containsString("/observe/health/ready: 204"));
        } finally {
            impostor.stop(0);
        }
    }

    @Test
    void everyEndpointWorksOnTheJlinkedRuntime() {
        for (String path : List.of("observe/metrics", "openapi", "", "api/v1/info")) {
            assertThat(path, http.get(path).status(), is(200));
        }
        Http.Response form = http.postMultipart("test", Map.of("text", "hello world", "awkScript", "{print $2}"));
        assertThat(form.body(), form.status(), is(200));
        assertThat(form.body(), containsString("world"));
        Http.Response run = http.run("{ n = split($0, a, \":\"); printf \"%s %d %.2f\\n\", toupper(a[1]), n, 1/3 }",
                "root:x:0:0\n");
        assertThat(run.body(), run.json().getString("output"), is("ROOT 4 0.33\n"));
        // Where a shell exists (here, not in the image), the vulnerable mode still starts commands.
        Http.Response command = http.run("BEGIN { system(\"echo from-a-shell\") }", "");
        assertThat(command.body(), command.json().getString("output"), containsString("from-a-shell"));
    }

    @Test
    void everyProbePathOfTheDeploymentAnswers204() {
        // A path the service does not answer would keep the pod from ever becoming ready, or restart it in a loop.
        Set<String> paths = DeployManifestsTest.probePaths(Manifests.one(Deployment.class));
        assertThat("startup, liveness and readiness probe distinct paths", paths.size(), is(3));
        for (String path : paths) {
            assertThat(path, http.get(path).status(), is(204));
        }
    }

    @Test
    void theServiceWritesNothingIntoItsInstalledTree() throws IOException {
        http.run("BEGIN { print \"x\" > \"/dev/null\" }", "");
        assertThat(snapshot(home), is(treeBefore));
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops the service: last
    void sigtermLetsARunFinishAndStopsWithinThePodsGracePeriod() throws Exception {
        CompletableFuture<Http.Response> running = http.runAsync("BEGIN { while (1) {} }", "");
        Thread.sleep(500);
        long stopping = System.nanoTime();
        service.destroy(); // SIGTERM, as the kubelet sends it
        assertThat("stopped", service.waitFor(60, TimeUnit.SECONDS), is(true));
        long stopSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping);
        Http.Response answer = running.get(10, TimeUnit.SECONDS);
        assertThat("the run in progress was answered", answer.json().getString("outcome"), is("timeout"));
        long grace = Manifests.one(Deployment.class).getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds();
        assertThat("seconds from SIGTERM to exit", stopSeconds, lessThan(grace));
        System.out.println("stopped " + stopSeconds + " s after SIGTERM, with a run in progress");
    }

    private static void setOwnerWritable(Path root, boolean writable) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (writable) {
                    permissions.add(PosixFilePermission.OWNER_WRITE);
                } else {
                    permissions.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE));
                }
                Files.setPosixFilePermissions(file, permissions);
            }
        }
    }

    private static boolean ready() {
        try {
            return http.get("observe/health/ready").status() == 204;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static String log() {
        try {
            return Files.readString(work.resolve("service.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * A PATH with only the commands of a melange environment: Wolfi's busybox applets (those this machine's busybox
     * also has: the PATH is never wider than Wolfi's) and the programs given (the JDK's tools for the build, curl for
     * the test). A command a script needs beyond those fails it.
     */
    private static Path wolfiPath(String name, Path busybox, List<Path> programs) throws IOException {
        Path bin = Files.createDirectories(work.resolve(name));
        Set<String> here = Set.copyOf(Project.runOk(work, Map.of(), Duration.ofSeconds(30), busybox.toString(), "--list")
                .lines().toList());
        for (String applet : ToolFacts.wolfiBusyboxApplets()) {
            if (here.contains(applet)) {
                Files.createSymbolicLink(bin.resolve(applet), busybox);
            }
        }
        assertThat("Wolfi's busybox has no HTTP client", ToolFacts.wolfiBusyboxApplets(), not(hasItem("wget")));
        for (Path program : programs) {
            Files.createSymbolicLink(bin.resolve(program.getFileName()), program);
        }
        return bin;
    }

    /** melange.yaml's build environment: busybox, and the JDK's tools (Maven too, which install.sh does not use). */
    private static Path wolfiBuildPath(Path busybox, Path jdk) throws IOException {
        try (Stream<Path> tools = Files.list(jdk.resolve("bin"))) {
            return wolfiPath("wolfi-build-bin", busybox, tools.toList());
        }
    }

    /** The jars of the service's class path: its own and those of libs/. */
    private static List<Path> jars(Path app) throws IOException {
        try (Stream<Path> libs = Files.list(app.resolve("libs"))) {
            return Stream.concat(Stream.of(app.resolve("vulnerable-awk-playground.jar")),
                    libs.filter(lib -> lib.toString().endsWith(".jar")).sorted()).toList();
        }
    }

    /** The mtime in seconds of every regular file below a folder, by relative path. */
    private static Map<Path, Long> mtimes(Path root) throws IOException {
        Map<Path, Long> mtimes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                mtimes.put(root.relativize(file), Files.getLastModifiedTime(file).to(TimeUnit.SECONDS));
            }
        }
        return mtimes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Every path below a folder with its size and modification time. */
    private static Map<String, Long> snapshot(Path root) throws IOException {
        Map<String, Long> state = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.toList()) {
                state.put(root.relativize(file) + " size", Files.isDirectory(file) ? 0 : Files.size(file));
                state.put(root.relativize(file) + " mtime", Files.getLastModifiedTime(file).toMillis());
            }
        }
        return state;
    }

}
