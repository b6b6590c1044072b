import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.awkplayground.clusterlab.ProbeCatalogue;

/**
 * demo/Probe.java behind the cluster lab's {@link ProbeCatalogue}. It is in the unnamed package, as Probe is, because
 * only code there can use Probe's catalogue, its attempt and its scorecard formats.
 */
public final class ProbeBridge implements ProbeCatalogue {
    private static final Pattern NEVER = Pattern.compile("(?!)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public List<Row> attack(Map<String, URI> services, int podPort, String egressTarget)
            throws IOException, InterruptedException {
        List<Probe.Attack> attacks = Probe.catalog(podPort, egressTarget);
        attacks.addAll(Probe.clusterAttacks());
        List<Row> rows = new ArrayList<>();
        for (Probe.Attack attack : attacks) {
            rows.add(new Row(attack.id(), attack.category(), attack.tries(), new LinkedHashMap<>()));
        }
        for (Map.Entry<String, URI> service : services.entrySet()) {
            URI run = Probe.Target.parse(service.getValue().toString(), 0).run();
            for (int i = 0; i < attacks.size(); i++) {
                Probe.Finding finding = Probe.attempt(client, run, attacks.get(i));
                rows.get(i).results().put(service.getKey(), new Verdict(finding.works(), finding.evidence()));
            }
        }
        return rows;
    }

    @Override
    public Verdict connects(URI service, String url) throws IOException, InterruptedException {
        Probe.Attack attack = new Probe.Attack("connect", "network", "connect to " + url, Probe.connect(url),
                Probe.CONNECTED);
        Probe.Finding finding = Probe.attempt(client, Probe.Target.parse(service.toString(), 0).run(), attack);
        return new Verdict(finding.works(), finding.evidence());
    }

    @Override
    public String markdown(List<String> columns, List<Row> rows) {
        return Probe.markdown(attacks(rows), scorecards(columns, rows));
    }

    @Override
    public String json(List<String> columns, List<Row> rows) {
        return Probe.json(attacks(rows), scorecards(columns, rows));
    }

    /** Rows as the probe's attacks: only their names are printed, so rows scored elsewhere need no script. */
    private static List<Probe.Attack> attacks(List<Row> rows) {
        return rows.stream().map(row -> new Probe.Attack(row.attack(), row.category(), row.tries(), "", NEVER, null))
                .toList();
    }

    private static Map<String, List<Probe.Finding>> scorecards(List<String> columns, List<Row> rows) {
        List<Probe.Attack> attacks = attacks(rows);
        Map<String, List<Probe.Finding>> scorecards = new LinkedHashMap<>();
        for (String column : columns) {
            List<Probe.Finding> findings = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Verdict verdict = rows.get(i).results().get(column);
                findings.add(new Probe.Finding(attacks.get(i), verdict.works(), verdict.evidence()));
            }
            scorecards.put(column, findings);
        }
        return scorecards;
    }
}
