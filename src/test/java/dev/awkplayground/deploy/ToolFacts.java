package dev.awkplayground.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the deployment files rely on about melange, apko, Skaffold, kind, Wolfi and the JDK, none of which (bar the JDK)
 * runs here: each fact with the source and version it was read from, so that a tool upgrade that changes one is one
 * place to look. The tests that guard the files against these facts name them.
 */
final class ToolFacts {
    /**
     * The commands of Wolfi's busybox, the only ones melange.yaml's build environment has besides the JDK's and
     * Maven's: src/test/resources/deploy/wolfi-busybox-applets.txt, whose header says where it was read from
     * (wolfi-dev/os busybox 1.38.0; no wget, no curl).
     */
    static final String WOLFI_BUSYBOX_APPLETS = "/deploy/wolfi-busybox-applets.txt";

    /**
     * melange v0.59.1: the build's pipeline gets SOURCE_DATE_EPOCH in its environment (pkg/build/build.go, the
     * container config), and every file of the package gets that mtime (pkg/build/package.go,
     * tarball.WithSourceDateEpoch); without a build date it is 0. apko v1.2.39 keeps the packages' mtimes.
     */
    static final String MELANGE_EXPORTS = "SOURCE_DATE_EPOCH";

    /**
     * JDK 25's AOT cache records, for each jar of the class path, its modification time in seconds followed by its
     * size, two native-endian 64-bit integers (AOTClassLocation's _timestamp and _filesize; read in a cache Temurin
     * 25.0.3 wrote). A JVM with JDK-8377932 fixed (25.0.4, Wolfi's) refuses the cache when either differs.
     */
    static final int AOT_CLASS_PATH_ENTRY_BYTES = 16;

    /**
     * melange v0.59.1 (pkg/build/build.go and test.go): --cache-dir (default ./melange-cache/) is bind-mounted at this
     * path only if it is an existing directory ("not a dir; skipping" otherwise); apk packages are cached in
     * --apk-cache-dir, by default a directory of the user running melange (in a container: gone with it).
     */
    static final String MELANGE_CACHE_MOUNT = "/var/cache/melange";

    /**
     * Skaffold v2.24.0 (cmd/skaffold/app/cmd/build.go): {@code skaffold build --file-output FILE} writes FILE with
     * os.WriteFile after the build, without creating its directory.
     */
    static final String SKAFFOLD_FILE_OUTPUT = "--file-output";

    /**
     * Skaffold v2.24.0 (pkg/skaffold/kubernetes/loader/load.go): images built locally are loaded into kind by the
     * deploy phase only ({@code kind load docker-image --name CLUSTER TAG}), never by {@code skaffold build}; a local
     * build's tag is NAME:IMAGE_ID (pkg/skaffold/docker/image.go TagWithImageID), a pushed one's NAME:TAG@DIGEST.
     * kind v0.6 and later name the kube context and cluster of cluster NAME {@code kind-NAME}
     * (pkg/skaffold/config/util.go KindClusterName).
     */
    static final String KIND_CONTEXT_PREFIX = "kind-";

    /**
     * Chainguard's free tier serves only the tags latest and latest-dev of its images, and every image by digest: a
     * version tag such as openjdk-25 needs a subscription (Chainguard's blog, "A guide on how to use Chainguard Images
     * for public catalog tier users", 2023-06-23, in force since 2023-08-16; still so in August 2026 per issue 20).
     */
    static final List<String> CHAINGUARD_FREE_TAGS = List.of("latest", "latest-dev");

    /**
     * The packages of apko.yaml's image: ours, wolfi-baselayout and what they pull in. wolfi-dev/os at 8190a1652f45
     * (2026-08-22): wolfi-baselayout depends on ca-certificates-bundle, glibc (glibc-2.43.yaml) on glibc-locale-posix,
     * and ld-linux is glibc's loader subpackage; melange adds the jlinked runtime's shared libraries (glibc, libgcc,
     * zlib) as dependencies. Issue 20's review resolved the image so with apko v1.2.39.
     */
    static final List<String> APKO_IMAGE_PACKAGES = List.of("awk-playground", "wolfi-baselayout",
            "ca-certificates-bundle", "glibc", "ld-linux", "glibc-locale-posix", "libgcc", "zlib");

    private ToolFacts() {
    }

    /** The applet names of {@link #WOLFI_BUSYBOX_APPLETS}, one a line, without the comment lines. */
    static List<String> wolfiBusyboxApplets() {
        try (InputStream in = ToolFacts.class.getResourceAsStream(WOLFI_BUSYBOX_APPLETS)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + WOLFI_BUSYBOX_APPLETS);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
