package dev.awkplayground.clusterlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** A scorecard.json the lab wrote (the probe's format): result and evidence by attack and column. */
final class ScorecardJson {
    private final Map<String, Map<String, Map<String, String>>> results = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    ScorecardJson(Path file) throws IOException {
        Map<String, Object> document = new KubernetesSerialization().unmarshal(Files.readString(file), Map.class);
        for (Object attack : (List<Object>) document.get("attacks")) {
            Map<String, Object> row = (Map<String, Object>) attack;
            results.put((String) row.get("attack"), (Map<String, Map<String, String>>) row.get("results"));
        }
    }

    String result(String attack, String column) {
        return of(attack, column).get("result");
    }

    String evidence(String attack, String column) {
        return of(attack, column).get("evidence");
    }

    private Map<String, String> of(String attack, String column) {
        Map<String, Map<String, String>> row = results.get(attack);
        if (row == null || !row.containsKey(column)) {
            throw new AssertionError("no " + attack + " for " + column + " in " + results.keySet());
        }
        return row.get(column);
    }
}
