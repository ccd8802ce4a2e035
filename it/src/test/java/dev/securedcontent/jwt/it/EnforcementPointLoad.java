package dev.securedcontent.jwt.it;

import static dev.securedcontent.jwt.core.BadTokenCorpus.jamfPayload;
import static dev.securedcontent.jwt.core.RawJws.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RawJws;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load run against an enforcement point: a fixed number of mixed requests over a fixed
 * number of loopback connections, every verdict checked. A subclass starts the enforcement point.
 */
abstract class EnforcementPointLoad {
    private static final int CONNECTIONS = 8;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);
    private static final int RANGE_LENGTH = 64 * 1024;

    @TempDir
    Path dir;

    /** A running enforcement point serving {@link #content()} at {@link #contentUrl(String)}. */
    interface Target extends AutoCloseable {
        /** The protected content's URL with {@code query} ("" or "?..."). */
        URI contentUrl(String query);

        byte[] content();

        @Override
        void close() throws Exception;

        /** A recipe in a real web server, its protected file at {@link RecipeServer#CONTENT_PATH}. */
        static Target of(RecipeServer server) {
            return new Target() {
                @Override
                public URI contentUrl(String query) {
                    return server.uri(RecipeServer.CONTENT_PATH + query);
                }

                @Override
                public byte[] content() {
                    return server.content();
                }

                @Override
                public void close() {
                    server.close();
                }
            };
        }
    }

    /** The statuses the point refuses an invalid token with (a stock module answers 401 for some). */
    Set<Integer> invalidTokenStatuses() {
        return Set.of(403);
    }

    /** Starts the enforcement point in {@code dir} accepting {@code trusted}. */
    abstract Target start(Path dir, PublicKey trusted) throws Exception;

    /** How many requests the run sends; its name in the printed figures. */
    abstract int requests();

    abstract String name();

    /** One request of the mix and the status and bytes it must get. */
    private record Probe(String kind, HttpRequest request, int expectedStatus, int from, int to) {}

    @Test
    void mixedValidInvalidMissingAndRangeRequestsGetOnlyRightVerdictsAndNo5xx() throws Exception {
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

        try (Target target = start(dir, trusted.getPublic())) {
            byte[] content = target.content();
            Random random = new Random(42);
            ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < requests(); i++) {
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
                        if (!rightAnswer(p, response, content)) {
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
                    name(), total, CONNECTIONS, seconds, total / seconds, wrong.get(), serverErrors.get());

            assertThat(finished).as("load run finished within " + RUN_LIMIT).isTrue();
            assertThat(total).isEqualTo(requests());
            assertThat(firstWrong).isEmpty();
            assertThat(wrong.get()).isZero();
            assertThat(serverErrors.get()).isZero();
        }
    }

    private static Probe probe(Target target, int size, Random random, List<String> valid, List<String> invalid) {
        int roll = random.nextInt(100);
        String validToken = valid.get(random.nextInt(valid.size()));
        int from = random.nextInt(size - RANGE_LENGTH);
        int to = from + RANGE_LENGTH - 1;
        String range = "bytes=" + from + "-" + to;
        if (roll < 45) {
            return new Probe("valid range", request(target, "?token=" + validToken, "GET", range), 206, from, to);
        } else if (roll < 55) {
            return new Probe("valid head", request(target, "?token=" + validToken, "HEAD", null), 200, 0, -1);
        } else if (roll < 56) {
            return new Probe("valid full get", request(target, "?token=" + validToken, "GET", null), 200, 0,
                    size - 1);
        } else if (roll < 80) {
            int which = random.nextInt(invalid.size());
            boolean withRange = random.nextBoolean();
            return new Probe("invalid #" + which + (withRange ? " range" : ""),
                    request(target, "?token=" + invalid.get(which), "GET", withRange ? range : null), 403, 0, -1);
        } else if (roll < 90) {
            return new Probe("missing range", request(target, "?other=1", "GET", range), 401, 0, -1);
        } else {
            return new Probe("missing head", request(target, "", "HEAD", null), 401, 0, -1);
        }
    }

    private static HttpRequest request(Target target, String query, String method, String range) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.contentUrl(query))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30));
        if (range != null) {
            builder.header("Range", range);
        }
        return builder.build();
    }

    private boolean rightAnswer(Probe probe, HttpResponse<byte[]> response, byte[] content) {
        if (probe.expectedStatus() == 403) {
            return invalidTokenStatuses().contains(response.statusCode());
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
