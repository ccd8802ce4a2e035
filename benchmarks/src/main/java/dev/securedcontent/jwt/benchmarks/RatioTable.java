package dev.securedcontent.jwt.benchmarks;

import com.nimbusds.jose.util.JSONArrayUtils;
import dev.securedcontent.jwt.core.files.RegularFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a JMH JSON result ({@code -rf json}) into the table the README shows: per benchmark the
 * median of every measured iteration (all forks), and its ratio to the {@code baseline*} benchmark
 * of the same class and parameters from the same run, with the target where there is one.
 *
 * <p>{@code java -cp benchmarks.jar dev.securedcontent.jwt.benchmarks.RatioTable jmh-result.json}
 */
public final class RatioTable {

    /** One measured benchmark: {@code group} is the class (and parameters), {@code method} the contender. */
    record Measurement(String group, String method, Map<String, String> params, double median, String unit) {
        /** Megabytes (10^6) per second, for benchmarks whose one op processes a {@code fileSizeMiB} file. */
        Optional<Double> megabytesPerSecond() {
            String mib = params.get("fileSizeMiB");
            if (mib == null || !unit.equals("ops/s")) {
                return Optional.empty();
            }
            return Optional.of(median * Long.parseLong(mib) * 1_048_576 / 1e6);
        }
    }

    /** The lower bound the issue sets for {@code ours / baseline}; fresh verify must also beat every peer. */
    private static final Map<String, Double> TARGETS = Map.of(
            "VerifyFreshTokenBenchmark.ours", 0.95,
            "VerifySeenTokenBenchmark.oursCached", 20.0,
            "SignTokenBenchmark.ours", 0.95,
            "SignTokenBenchmark.oursUrl", 0.95,
            "ChunkHashesBenchmark.ours", 1.8,
            "ContentServerBenchmark.securedServer", 0.9);

    private RatioTable() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: RatioTable <jmh-result.json>...  (the files JMH wrote with -rf json -rff FILE;"
                    + " several rounds are merged)");
            System.exit(2);
        }
        List<String> rounds = new ArrayList<>();
        for (String arg : args) {
            Path file = Path.of(arg);
            try (InputStream in = RegularFile.open(file)) {
                rounds.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                System.err.println(file + ": cannot read the JMH result (" + e.getMessage()
                        + "); run the benchmarks with -rf json -rff " + file + " first");
                System.exit(2);
            }
        }
        try {
            System.out.print(render(measurements(rounds)));
        } catch (IllegalArgumentException e) {
            System.err.println(String.join(", ", args) + ": " + e.getMessage());
            System.exit(2);
        }
    }

    /** Reads JMH's JSON result; every benchmark's median over the raw scores of all forks and iterations. */
    static List<Measurement> measurements(String jmhJson) {
        return measurements(List.of(jmhJson));
    }

    /**
     * Reads several JMH JSON results (rounds run one after another, so that every benchmark is
     * measured at several times of a noisy machine's day) and merges each benchmark's raw scores
     * over all of them before taking the median.
     */
    static List<Measurement> measurements(List<String> rounds) {
        Map<String, Measurement> merged = new LinkedHashMap<>();
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (String round : rounds) {
            for (Measurement m : measurementsOfOneRound(round, scores)) {
                merged.putIfAbsent(m.group() + "." + m.method() + " " + m.params(), m);
            }
        }
        List<Measurement> result = new ArrayList<>();
        merged.forEach((key, m) -> result.add(new Measurement(m.group(), m.method(), m.params(),
                median(scores.get(key)), m.unit())));
        return result;
    }

    private static List<Measurement> measurementsOfOneRound(String jmhJson, Map<String, List<Double>> scoresByKey) {
        List<Object> results;
        try {
            results = JSONArrayUtils.parse(jmhJson);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JMH JSON result (-rf json): " + e.getMessage(), e);
        }
        List<Measurement> measurements = new ArrayList<>();
        for (Object result : results) {
            Map<?, ?> benchmark = object(result, "a benchmark result");
            String name = string(benchmark.get("benchmark"), "benchmark");
            int lastDot = name.lastIndexOf('.');
            int classDot = name.lastIndexOf('.', lastDot - 1);
            Map<String, String> params = new TreeMap<>();
            if (benchmark.get("params") != null) {
                object(benchmark.get("params"), "params").forEach((k, v) -> params.put(k.toString(), v.toString()));
            }
            Map<?, ?> metric = object(benchmark.get("primaryMetric"), name + ": primaryMetric");
            List<Double> scores = new ArrayList<>();
            for (Object fork : list(metric.get("rawData"), name + ": primaryMetric.rawData")) {
                for (Object score : list(fork, name + ": primaryMetric.rawData[]")) {
                    if (!(score instanceof Number number)) {
                        throw new IllegalArgumentException(name + ": primaryMetric.rawData holds " + score + ", not a number");
                    }
                    scores.add(number.doubleValue());
                }
            }
            if (scores.isEmpty()) {
                throw new IllegalArgumentException(name + ": no measured iterations in primaryMetric.rawData");
            }
            scoresByKey.computeIfAbsent(name.substring(classDot + 1) + " " + params, k -> new ArrayList<>()).addAll(scores);
            measurements.add(new Measurement(
                    name.substring(classDot + 1, lastDot),
                    name.substring(lastDot + 1),
                    params,
                    median(scores),
                    string(metric.get("scoreUnit"), name + ": primaryMetric.scoreUnit")));
        }
        return measurements;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The table: one block per class and parameter set, baseline first, ratios against it. */
    static String render(List<Measurement> measurements) {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            String key = m.group() + (m.params().isEmpty() ? "" : " " + m.params());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
        }
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-40s %16s %10s %9s  %s%n",
                "benchmark", "median", "MB/s", "ratio", "target"));
        for (Map.Entry<String, List<Measurement>> group : groups.entrySet()) {
            List<Measurement> members = new ArrayList<>(group.getValue());
            members.sort((a, b) -> Boolean.compare(!isBaseline(a), !isBaseline(b)));
            Optional<Measurement> baseline = members.stream().filter(RatioTable::isBaseline).findFirst();
            table.append(group.getKey()).append('\n');
            for (Measurement m : members) {
                String ratio = baseline.map(b -> String.format(Locale.ROOT, "%.2fx", m.median() / b.median()))
                        .orElse("n/a");
                table.append(String.format(Locale.ROOT, "  %-38s %16s %10s %9s  %s%n",
                        m.method(),
                        String.format(Locale.ROOT, m.median() < 100 ? "%,.3f %s" : "%,.1f %s", m.median(), m.unit()),
                        m.megabytesPerSecond().map(v -> String.format(Locale.ROOT, "%,.0f", v)).orElse(""),
                        ratio,
                        verdict(m, baseline, members)));
            }
            baseline.ifPresent(b -> table.append(limit(b, members)));
        }
        table.append("median of all measured iterations; ratio = median / the baseline's median in the same run\n");
        return table.toString();
    }

    /**
     * For a benchmark class with a {@code readOnly} method (the file read on one thread, no work
     * done): the most that work spread over this machine's cores can reach is the smaller of that
     * read rate and cores x the single-thread baseline; {@code ours} as a share of it.
     */
    private static String limit(Measurement baseline, List<Measurement> members) {
        Optional<Measurement> read = members.stream().filter(m -> m.method().equals("readOnly")).findFirst();
        Optional<Measurement> ours = members.stream().filter(m -> m.method().equals("ours")).findFirst();
        if (read.isEmpty() || ours.isEmpty()) {
            return "";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double allCores = cores * baseline.median();
        double limit = Math.min(read.get().median(), allCores);
        return String.format(Locale.ROOT, "  limit: min(readOnly %.3f, %d cores x baseline %.3f) = %.3f %s (%s);"
                        + " ours = %.2f of the limit%n",
                read.get().median(), cores, baseline.median(), limit, baseline.unit(),
                limit == allCores ? "the digests on every core" : "reading the file", ours.get().median() / limit);
    }

    private static boolean isBaseline(Measurement m) {
        return m.method().startsWith("baseline");
    }

    private static String verdict(Measurement m, Optional<Measurement> baseline, List<Measurement> group) {
        if (isBaseline(m)) {
            return "baseline";
        }
        if (m.method().startsWith("peer")) {
            return "peer";
        }
        Double target = TARGETS.get(m.group() + "." + m.method());
        if (target == null) {
            return "";
        }
        if (baseline.isEmpty()) {
            return String.format(Locale.ROOT, ">= %.2fx: no baseline in this run", target);
        }
        boolean met = m.median() / baseline.get().median() >= target;
        String wanted = String.format(Locale.ROOT, ">= %.2fx", target);
        List<String> fasterPeers = new ArrayList<>();
        if (m.group().equals("VerifyFreshTokenBenchmark")) {
            wanted += " and ahead of every peer";
            group.stream()
                    .filter(other -> other.method().startsWith("peer") && other.median() >= m.median())
                    .forEach(other -> fasterPeers.add(other.method()));
        }
        if (met && fasterPeers.isEmpty()) {
            return wanted + ": met";
        }
        return wanted + ": MISSED" + (fasterPeers.isEmpty() ? "" : " (not ahead of " + String.join(", ", fasterPeers) + ")");
    }

    private static Map<?, ?> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }

    private static List<?> list(Object value, String what) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(what + " is not a JSON array");
    }

    private static String string(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(what + " is missing or not a string");
    }
}
