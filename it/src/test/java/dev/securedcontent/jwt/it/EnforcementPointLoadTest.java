package dev.securedcontent.jwt.it;

import static dev.securedcontent.jwt.core.BadTokenCorpus.jamfPayload;
import static dev.securedcontent.jwt.core.RawJws.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RawJws;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bounded load run against each enforcement point of {@link EnforcementPoints#load()}: its number
 * of mixed requests over a fixed number of loopback connections, every verdict checked.
 */
class EnforcementPointLoadTest {
    private static final int CONNECTIONS = 8;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);
    private static final int RANGE_LENGTH = 64 * 1024;

    /** One request of the mix and the status and bytes it must get. */
    private record Probe(String kind, HttpRequest request, int expectedStatus, int from, int to) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.securedcontent.jwt.it.EnforcementPoints#load")
    void mixedValidInvalidMissingAndRangeRequestsGetOnlyRightVerdictsAndNo5xx(EnforcementPoint point, @TempDir Path dir)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair trusted = generator.generateKeyPair();
        KeyPair untrusted = generator.generateKeyPair();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String header = "{\"alg\":\"RS256\"}";
        Instant now = Instant.now();
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            valid.add(rs256(header, jamfPayload(now.plusSeconds(600 + i)), trusted.getPrivate()));
        }
        String[] tampered = valid.get(0).split("\\.");
        List<String> invalid = List.of(
                rs256(header, jamfPayload(now.minusSeconds(600)), trusted.getPrivate()),
                rs256(header, jamfPayload(now.plusSeconds(600)), untrusted.getPrivate()),
                RawJws.algNone(jamfPayload(now.plusSeconds(600))),
                tampered[0] + "." + RawJws.b64(jamfPayload(now.plusSeconds(601))) + "." + tampered[2],
                "not-a-token",
                valid.get(1) + "&token=" + valid.get(1));

        try (EnforcementPoint.Running target = point.start(dir, List.of((RSAPublicKey) trusted.getPublic()))) {
            byte[] content = target.content();
            Random random = new Random(42);
            ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < point.loadRequests(); i++) {
                probes.add(probe(target, content.length, random, valid, invalid));
            }
            AtomicInteger wrong = new AtomicInteger();
            AtomicInteger serverErrors = new AtomicInteger();
            ConcurrentLinkedQueue<String> firstWrong = new ConcurrentLinkedQueue<>();
            ExecutorService connections = Executors.newFixedThreadPool(CONNECTIONS);
            long started = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                done.add(connections.submit(() -> {
                    int sent = 0;
                    for (Probe p = probes.poll(); p != null; p = probes.poll()) {
                        HttpResponse<byte[]> response = http.send(p.request(), HttpResponse.BodyHandlers.ofByteArray());
                        sent++;
                        if (response.statusCode() >= 500) {
                            serverErrors.incrementAndGet();
                        }
                        if (!rightAnswer(point, p, response, content)) {
                            wrong.incrementAndGet();
                            if (firstWrong.size() < 5) {
                                firstWrong.add(p.kind() + " -> " + response.statusCode());
                            }
                        }
                    }
                    return sent;
                }));
            }
            connections.shutdown();
            boolean finished = connections.awaitTermination(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
            connections.shutdownNow();
            double seconds = (System.nanoTime() - started) / 1e9;
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            System.out.printf("%s load: %d requests over %d connections in %.1f s (%.0f req/s), %d wrong, %d 5xx%n",
                    point, total, CONNECTIONS, seconds, total / seconds, wrong.get(), serverErrors.get());

            assertThat(finished).as("load run finished within " + RUN_LIMIT).isTrue();
            assertThat(total).isEqualTo(point.loadRequests());
            assertThat(firstWrong).isEmpty();
            assertThat(wrong.get()).isZero();
            assertThat(serverErrors.get()).isZero();
        }
    }

    private static Probe probe(EnforcementPoint.Running target, int size, Random random, List<String> valid, List<String> invalid) {
        int roll = random.nextInt(100);
        String validToken = valid.get(random.nextInt(valid.size()));
        int from = random.nextInt(size - RANGE_LENGTH);
        int to = from + RANGE_LENGTH - 1;
        String range = "bytes=" + from + "-" + to;
        if (roll < 45) {
            return new Probe("valid range", request(target, "token=" + validToken, "GET", range), 206, from, to);
        } else if (roll < 55) {
            return new Probe("valid head", request(target, "token=" + validToken, "HEAD", null), 200, 0, -1);
        } else if (roll < 56) {
            return new Probe("valid full get", request(target, "token=" + validToken, "GET", null), 200, 0,
                    size - 1);
        } else if (roll < 80) {
            int which = random.nextInt(invalid.size());
            boolean withRange = random.nextBoolean();
            return new Probe("invalid #" + which + (withRange ? " range" : ""),
                    request(target, "token=" + invalid.get(which), "GET", withRange ? range : null), 403, 0, -1);
        } else if (roll < 90) {
            return new Probe("missing range", request(target, "other=1", "GET", range), 401, 0, -1);
        } else {
            return new Probe("missing head", request(target, null, "HEAD", null), 401, 0, -1);
        }
    }

    /** A request of the content with {@code query} (raw, without '?'; null for none). */
    private static HttpRequest request(EnforcementPoint.Running target, String query, String method, String range) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.contentUrl(query))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30));
        if (range != null) {
            builder.header("Range", range);
        }
        return builder.build();
    }

    private static boolean rightAnswer(EnforcementPoint point, Probe probe, HttpResponse<byte[]> response, byte[] content) {
        if (probe.expectedStatus() == 403) {
            return point.refusalStatuses().contains(response.statusCode());
        }
        if (response.statusCode() != probe.expectedStatus()) {
            return false;
        }
        if (probe.to() < 0) {
            return probe.expectedStatus() != 200 || response.body().length == 0;
        }
        return Arrays.equals(response.body(), Arrays.copyOfRange(content, probe.from(), probe.to() + 1));
    }
}
