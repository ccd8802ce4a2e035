package dev.securedcontent.jwt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatioTableTest {

    private static String result(String benchmark, String params, String rawData) {
        return """
                {"benchmark":"dev.securedcontent.jwt.benchmarks.%s","mode":"thrpt","threads":1,"forks":2,
                 "params":%s,
                 "primaryMetric":{"score":1.0,"scoreError":"NaN","scoreUnit":"ops/s","rawData":%s},
                 "secondaryMetrics":{}}""".formatted(benchmark, params, rawData);
    }

    private static String run(String... results) {
        return "[" + String.join(",", results) + "]";
    }

    @Test
    void median_of_an_odd_count_is_the_middle_value() {
        assertThat(RatioTable.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    }

    @Test
    void median_of_an_even_count_is_the_mean_of_the_two_middle_values() {
        assertThat(RatioTable.median(List.of(4.0, 1.0, 3.0, 100.0))).isEqualTo(3.5);
    }

    @Test
    void a_benchmark_s_median_covers_every_iteration_of_every_fork() {
        // given two forks of three iterations: the median of all six is 35, of neither fork alone
        String json = run(result("SignTokenBenchmark.ours", "null", "[[10,20,30],[40,50,60]]"));

        // when
        List<RatioTable.Measurement> measurements = RatioTable.measurements(json);

        // then
        assertThat(measurements).singleElement().satisfies(m -> {
            assertThat(m.group()).isEqualTo("SignTokenBenchmark");
            assertThat(m.method()).isEqualTo("ours");
            assertThat(m.median()).isEqualTo(35.0);
        });
    }

    @Test
    void ratios_are_taken_against_the_baseline_of_the_same_class() {
        // given
        String json = run(
                result("SignTokenBenchmark.ours", "null", "[[96]]"),
                result("SignTokenBenchmark.baselineJca", "null", "[[100]]"));

        // when
        String table = RatioTable.render(RatioTable.measurements(json));

        // then the baseline is listed first and ours is 0.96x of it, which meets the 0.95x target
        assertThat(table).containsSubsequence("baselineJca", "1.00x", "baseline", "ours", "0.96x", ">= 0.95x: met");
    }

    @Test
    void a_ratio_under_the_target_is_reported_as_missed() {
        String json = run(
                result("VerifySeenTokenBenchmark.baselineJca", "null", "[[1000]]"),
                result("VerifySeenTokenBenchmark.oursCached", "null", "[[15000]]"));

        String table = RatioTable.render(RatioTable.measurements(json));

        assertThat(table).contains("15.00x").contains(">= 20.00x: MISSED");
    }

    @Test
    void fresh_verify_behind_a_peer_is_missed_even_above_the_floor_ratio() {
        String json = run(
                result("VerifyFreshTokenBenchmark.baselineJca", "null", "[[100]]"),
                result("VerifyFreshTokenBenchmark.ours", "null", "[[98]]"),
                result("VerifyFreshTokenBenchmark.peerAuth0", "null", "[[99]]"),
                result("VerifyFreshTokenBenchmark.peerJjwt", "null", "[[60]]"));

        String table = RatioTable.render(RatioTable.measurements(json));

        assertThat(table).contains("MISSED (not ahead of peerAuth0)").doesNotContain("peerJjwt)");
    }

    @Test
    void parameter_sets_are_compared_separately_and_file_benchmarks_show_megabytes_per_second() {
        // given 256 MiB hashed twice a second by the baseline = 536.9 MB/s
        String json = run(
                result("ChunkHashesBenchmark.baselineMessageDigestLoop", "{\"fileSizeMiB\":\"256\"}", "[[2.0]]"),
                result("ChunkHashesBenchmark.ours", "{\"fileSizeMiB\":\"256\"}", "[[3.8]]"),
                result("ChunkHashesBenchmark.baselineMessageDigestLoop", "{\"fileSizeMiB\":\"1024\"}", "[[0.5]]"),
                result("ChunkHashesBenchmark.ours", "{\"fileSizeMiB\":\"1024\"}", "[[0.25]]"));

        String table = RatioTable.render(RatioTable.measurements(json));

        assertThat(table).containsSubsequence(
                "ChunkHashesBenchmark {fileSizeMiB=256}", "537", "ours", "1.90x", ">= 1.80x: met",
                "ChunkHashesBenchmark {fileSizeMiB=1024}", "ours", "0.50x", ">= 1.80x: MISSED");
    }

    @Test
    void rounds_are_merged_into_one_median_per_benchmark() {
        // given three rounds of one iteration each
        List<String> rounds = List.of(
                run(result("SignTokenBenchmark.ours", "null", "[[10]]")),
                run(result("SignTokenBenchmark.ours", "null", "[[30]]")),
                run(result("SignTokenBenchmark.ours", "null", "[[20]]")));

        // when / then
        assertThat(RatioTable.measurements(rounds)).singleElement()
                .satisfies(m -> assertThat(m.median()).isEqualTo(20.0));
    }

    @Test
    void chunk_hashes_are_set_against_the_smaller_of_the_read_rate_and_every_core_running_the_baseline() {
        // given a read far faster than hashing
        String json = run(
                result("ChunkHashesBenchmark.baselineMessageDigestLoop", "null", "[[1.0]]"),
                result("ChunkHashesBenchmark.ours", "null", "[[0.9]]"),
                result("ChunkHashesBenchmark.readOnly", "null", "[[1000.0]]"));

        // when
        String table = RatioTable.render(RatioTable.measurements(json));

        // then the limit is the digests on every core of this machine
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(table).contains(String.format(java.util.Locale.ROOT,
                "limit: min(readOnly 1000.000, %d cores x baseline 1.000) = %d.000 ops/s (the digests on every core);"
                        + " ours = %.2f of the limit", cores, cores, 0.9 / cores));
    }

    @Test
    void a_benchmark_without_a_baseline_in_the_run_has_no_ratio() {
        String json = run(result("SignTokenBenchmark.ours", "null", "[[96]]"));

        String table = RatioTable.render(RatioTable.measurements(json));

        assertThat(table).contains("n/a").contains("no baseline in this run");
    }

    @Test
    void text_that_is_not_a_jmh_json_result_is_refused_with_the_reason() {
        assertThatThrownBy(() -> RatioTable.measurements("Benchmark Mode Cnt Score"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JMH JSON result (-rf json)");
    }

    @Test
    void a_result_without_measured_iterations_is_refused_naming_the_benchmark() {
        String json = run(result("SignTokenBenchmark.ours", "null", "[[]]"));

        assertThatThrownBy(() -> RatioTable.measurements(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SignTokenBenchmark.ours: no measured iterations");
    }
}
