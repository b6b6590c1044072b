package dev.awkplayground.clusterlab;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What the cluster lab uses of {@code demo/Probe.java}, the one attack catalogue of the project. Probe.java is a
 * single-file program in the unnamed package, and Java code in a named package cannot name such a class: pom.xml
 * compiles Probe.java into this module, and {@code ProbeBridge}, beside it in the unnamed package, implements this
 * interface with it. This is the only place that knows.
 */
public interface ProbeCatalogue {

    /** What one attack did against one service: the probe's "works" or "blocked", and its evidence. */
    record Verdict(boolean works, String evidence) {
    }

    /** A row of the scorecard: an attack and its verdict by column. */
    record Row(String attack, String category, String tries, Map<String, Verdict> results) {
    }

    /**
     * Runs the catalogue, with its cluster-only attacks, against each service.
     *
     * @param services     base URL by scorecard column
     * @param podPort      the service's port inside the pod, for the probe's loopback attack
     * @param egressTarget HOST:PORT for the egress attack, or null for none
     */
    List<Row> attack(Map<String, URI> services, int podPort, String egressTarget)
            throws IOException, InterruptedException;

    /** Whether the service can open a connection to an HTTP URL from where it runs, with what its image offers. */
    Verdict connects(URI service, String url) throws IOException, InterruptedException;

    /** The probe's Markdown scorecard: a column per service. */
    String markdown(List<String> columns, List<Row> rows);

    /** The probe's JSON scorecard. */
    String json(List<String> columns, List<Row> rows);

    static ProbeCatalogue load() {
        try {
            return (ProbeCatalogue) Class.forName("ProbeBridge").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("demo/Probe.java is not compiled into the cluster lab (see pom.xml)", e);
        }
    }
}
