package dev.securedcontent.jwt.benchmarks;

import com.nimbusds.jose.util.JSONArrayUtils;
import dev.securedcontent.jwt.core.internal.RegularFile;
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
    record Measurement(String group, String method, Map<String, String> params, double median, String unit,
                       Optional<Double> cpuSecondsPerOp, Optional<Double> ratio, Optional<Double> cpuRatio) {
        Measurement(String group, String method, Map<String, String> params, double median, String unit) {
            this(group, method, params, median, unit, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** Class and parameters: the baseline of the same group is the 1.00x. */
        String groupKey() {
            return group + (params.isEmpty() ? "" : " " + params);
        }

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
     * Reads several JMH JSON results, rounds run one after another so that every benchmark is
     * measured at several times of a noisy machine's day. Within a round each benchmark gets its
     * median (over all forks and iterations) and its ratio to the round's baseline; over the rounds,
     * the median of those.
     */
    static List<Measurement> measurements(List<String> rounds) {
        Map<String, Measurement> first = new LinkedHashMap<>();
        Map<String, List<Double>> medians = new LinkedHashMap<>();
        Map<String, List<Double>> cpuPerOp = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> cpuRatios = new LinkedHashMap<>();
        for (String round : rounds) {
            List<Measurement> measured = measurementsOfOneRound(round);
            Map<String, Measurement> baselines = new LinkedHashMap<>();
            measured.stream().filter(RatioTable::isBaseline).forEach(b -> baselines.putIfAbsent(b.groupKey(), b));
            for (Measurement m : measured) {
                String key = m.group() + "." + m.method() + " " + m.params();
                first.putIfAbsent(key, m);
                medians.computeIfAbsent(key, k -> new ArrayList<>()).add(m.median());
                m.cpuSecondsPerOp().ifPresent(cpu -> cpuPerOp.computeIfAbsent(key, k -> new ArrayList<>()).add(cpu));
                Measurement baseline = baselines.get(m.groupKey());
                if (baseline != null) {
                    ratios.computeIfAbsent(key, k -> new ArrayList<>()).add(m.median() / baseline.median());
                    if (baseline.cpuSecondsPerOp().isPresent() && m.cpuSecondsPerOp().isPresent()) {
                        cpuRatios.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(baseline.cpuSecondsPerOp().get() / m.cpuSecondsPerOp().get());
                    }
                }
            }
        }
        List<Measurement> result = new ArrayList<>();
        first.forEach((key, m) -> result.add(new Measurement(m.group(), m.method(), m.params(),
                median(medians.get(key)), m.unit(), medianOf(cpuPerOp.get(key)), medianOf(ratios.get(key)),
                medianOf(cpuRatios.get(key)))));
        return result;
    }

    private static Optional<Double> medianOf(List<Double> values) {
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(median(values));
    }

    private static List<Measurement> measurementsOfOneRound(String jmhJson) {
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
            measurements.add(new Measurement(
                    name.substring(classDot + 1, lastDot),
                    name.substring(lastDot + 1),
                    params,
                    median(scores),
                    string(metric.get("scoreUnit"), name + ": primaryMetric.scoreUnit"),
                    cpuPerOp(benchmark.get("secondaryMetrics")).flatMap(RatioTable::medianOf),
                    Optional.empty(),
                    Optional.empty()));
        }
        return measurements;
    }

    /** Per iteration, the {@code cpuSeconds} / {@code cpuOps} auxiliary counters, when the benchmark has them. */
    private static Optional<List<Double>> cpuPerOp(Object secondaryMetrics) {
        if (!(secondaryMetrics instanceof Map<?, ?> metrics)
                || !(metrics.get("cpuSeconds") instanceof Map<?, ?> seconds)
                || !(metrics.get("cpuOps") instanceof Map<?, ?> ops)) {
            return Optional.empty();
        }
        List<Double> perOp = new ArrayList<>();
        List<?> secondsForks = list(seconds.get("rawData"), "cpuSeconds.rawData");
        List<?> opsForks = list(ops.get("rawData"), "cpuOps.rawData");
        for (int fork = 0; fork < Math.min(secondsForks.size(), opsForks.size()); fork++) {
            List<?> secondsOfFork = list(secondsForks.get(fork), "cpuSeconds.rawData[]");
            List<?> opsOfFork = list(opsForks.get(fork), "cpuOps.rawData[]");
            for (int i = 0; i < Math.min(secondsOfFork.size(), opsOfFork.size()); i++) {
                if (secondsOfFork.get(i) instanceof Number cpu && opsOfFork.get(i) instanceof Number count
                        && count.doubleValue() > 0) {
                    perOp.add(cpu.doubleValue() / count.doubleValue());
                }
            }
        }
        return Optional.of(perOp);
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
                String ratio = baseline.map(b -> String.format(Locale.ROOT, "%.2fx", ratio(m, b)))
                        .orElse("n/a");
                table.append(String.format(Locale.ROOT, "  %-38s %16s %10s %9s  %s%n",
                        m.method(),
                        String.format(Locale.ROOT, m.median() < 100 ? "%,.3f %s" : "%,.1f %s", m.median(), m.unit()),
                        m.megabytesPerSecond().map(v -> String.format(Locale.ROOT, "%,.0f", v)).orElse(""),
                        ratio,
                        verdict(m, baseline, members)));
            }
            baseline.ifPresent(b -> table.append(limit(b, members)).append(cpuLimit(b, members)));
        }
        table.append("median of all measured iterations; ratio = median / the baseline's median in the same run"
                + " (several rounds: the median of each round's ratio)\n");
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

    /**
     * The same comparison in CPU time of each op's busiest thread, which other processes on a
     * shared machine do not stretch: the time an op takes with a core per thread.
     */
    private static String cpuLimit(Measurement baseline, List<Measurement> members) {
        Optional<Measurement> read = members.stream().filter(m -> m.method().equals("readOnly")).findFirst();
        Optional<Measurement> ours = members.stream().filter(m -> m.method().equals("ours")).findFirst();
        if (baseline.cpuSecondsPerOp().isEmpty() || read.flatMap(Measurement::cpuSecondsPerOp).isEmpty()
                || ours.flatMap(Measurement::cpuSecondsPerOp).isEmpty()) {
            return "";
        }
        double floor = baseline.cpuSecondsPerOp().get();
        double oursRatio = ours.get().cpuRatio().orElse(floor / ours.get().cpuSecondsPerOp().get());
        double readRatio = read.get().cpuRatio().orElse(floor / read.get().cpuSecondsPerOp().get());
        int cores = Runtime.getRuntime().availableProcessors();
        double limit = Math.min(cores, readRatio);
        String chunkBound = "";
        String mib = baseline.params().get("fileSizeMiB");
        if (mib != null) {
            // A chunk is hashed by one thread, so the busiest thread has at least ceil(chunks / cores) of them.
            double chunks = Double.parseDouble(mib) * 1_048_576 / ChunkHashesBenchmark.CHUNK_SIZE;
            double balanced = chunks / Math.ceil(chunks / cores);
            limit = Math.min(limit, balanced);
            chunkBound = String.format(Locale.ROOT, ", %.1f chunks over %d threads %.2fx", chunks, cores, balanced);
        }
        Double target = TARGETS.get(ours.get().group() + ".ours");
        String verdict = target == null ? ""
                : String.format(Locale.ROOT, "; target >= %.2fx: %s", target, oursRatio >= target ? "met" : "MISSED");
        return String.format(Locale.ROOT, "  CPU s of the busiest thread per op: baseline %.3f, ours %.3f (%.2fx),"
                        + " readOnly %.3f; limit min(%d cores, read %.1fx%s) = %.2fx; ours = %.2f of the limit%s%n",
                floor, ours.get().cpuSecondsPerOp().get(), oursRatio, read.get().cpuSecondsPerOp().get(),
                cores, readRatio, chunkBound, limit, oursRatio / limit, verdict);
    }

    /** The median of the per-round ratios, or (one round) the median over the baseline's. */
    private static double ratio(Measurement m, Measurement baseline) {
        return m.ratio().orElse(m.median() / baseline.median());
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
        boolean met = ratio(m, baseline.get()) >= target;
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
