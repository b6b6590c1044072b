package dev.awkplayground.clusterlab;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The cluster lab's command line.
 *
 * @param context       the kube context; null for the current one
 * @param sides         the Deployments to run: both, or one with --only
 * @param fatImage      the fat image's reference; null to take it from Skaffold's build output
 * @param hardenedImage the hardened (apko) image's reference; null to take it from Skaffold's build output
 * @param buildArtifacts what {@code skaffold build --file-output} wrote
 * @param egressTarget  HOST:PORT to try to reach from inside the pods; null: no egress attempt (opt-in)
 * @param timeout       how long the rollouts may take together
 * @param keep          leave what the lab created in the cluster
 * @param policyControl run the NetworkPolicy control pod (docs/cluster-lab.md)
 * @param out           where the scorecard files go
 */
record Options(String context, Set<Side> sides, String fatImage, String hardenedImage, Path buildArtifacts,
               String egressTarget, Duration timeout, boolean keep, boolean policyControl, Path out) {

    static final String USAGE = """
            usage: scripts/cluster-lab.sh [--context NAME] [--only fat|hardened] [--build-artifacts FILE]
                                          [--fat-image REF] [--hardened-image REF] [--egress-target HOST:PORT]
                                          [--timeout 3m] [--keep] [--no-policy-control] [--out DIR]
              --context NAME         the kube context to use (default: the current one)
              --only SIDE            deploy and probe only the fat or only the hardened Deployment
              --build-artifacts FILE the images `skaffold build -p lab --file-output FILE` built
                                     (default: target/skaffold-build.json)
              --fat-image REF        the fat image, instead of the one in the build output
              --hardened-image REF   the hardened image, instead of the one in the build output
              --egress-target H:P    also try to reach this HTTP server from inside the pods (none by default)
              --timeout DURATION     how long the rollouts may take (default 3m; 90s, 5m, PT2M)
              --keep                 leave what the lab created in the cluster
              --no-policy-control    skip the control pod that tells whether NetworkPolicy is enforced
              --out DIR              where scorecard.md and scorecard.json go (default: target/cluster-lab)""";

    /** The two Deployments of the demo: a column of the scorecard each. */
    enum Side {
        FAT("fat", "k8s/insecure"),
        HARDENED("hardened", "k8s");

        final String column;
        final String kustomization;

        Side(String column, String kustomization) {
            this.column = column;
            this.kustomization = kustomization;
        }
    }

    /** A command line the lab cannot run: exit status 2 and the usage. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Parses the arguments; relative paths are relative to the repository. */
    static Options parse(String[] args, Path repository) throws UsageException {
        String context = null;
        Set<Side> sides = EnumSet.allOf(Side.class);
        String fatImage = null;
        String hardenedImage = null;
        Path buildArtifacts = repository.resolve("target/skaffold-build.json");
        String egressTarget = null;
        Duration timeout = Duration.ofMinutes(3);
        boolean keep = false;
        boolean policyControl = true;
        Path out = repository.resolve("target/cluster-lab");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--context" -> context = value(args, ++i, option);
                case "--only" -> sides = EnumSet.of(side(value(args, ++i, option)));
                case "--build-artifacts" -> buildArtifacts = repository.resolve(value(args, ++i, option));
                case "--fat-image" -> fatImage = value(args, ++i, option);
                case "--hardened-image" -> hardenedImage = value(args, ++i, option);
                case "--egress-target" -> egressTarget = hostPort(value(args, ++i, option));
                case "--timeout" -> timeout = duration(value(args, ++i, option));
                case "--keep" -> keep = true;
                case "--no-policy-control" -> policyControl = false;
                case "--out" -> out = repository.resolve(value(args, ++i, option));
                default -> throw new UsageException("unknown option " + option);
            }
        }
        return new Options(context, sides, fatImage, hardenedImage, buildArtifacts, egressTarget, timeout, keep,
                policyControl, out);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static Side side(String name) throws UsageException {
        for (Side side : Side.values()) {
            if (side.column.equals(name)) {
                return side;
            }
        }
        throw new UsageException("--only takes fat or hardened, not " + name);
    }

    /** The probe takes the same HOST:PORT (demo/Probe.java --egress-target). */
    private static String hostPort(String value) throws UsageException {
        if (!value.matches("[^:/\\s]+:\\d{1,5}")) {
            throw new UsageException("--egress-target takes HOST:PORT, not " + value);
        }
        return value;
    }

    /** 90s, 3m, 1h, or ISO-8601 (PT2M). */
    static Duration duration(String text) throws UsageException {
        try {
            Duration duration = Duration.parse(text.matches("\\d+[smh]") ? "PT" + text.toUpperCase(Locale.ROOT) : text);
            if (duration.isPositive()) {
                return duration;
            }
        } catch (DateTimeParseException e) {
            // the message below says what is accepted
        }
        throw new UsageException("--timeout takes a duration such as 90s, 3m or PT2M, not " + text);
    }
}
