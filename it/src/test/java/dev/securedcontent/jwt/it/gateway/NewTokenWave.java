package dev.securedcontent.jwt.it.gateway;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Thousands of devices starting downloads at once, each with a token of its own: batches of 1,000
 * new valid tokens (each its own {@code jti}), each sent {@code times} times in a row (a device's
 * first Range requests), {@code concurrency} requests at a time, until {@code enough} holds or 20
 * batches are sent.
 */
final class NewTokenWave {
    private static final int BATCH = 1000;

    private NewTokenWave() {
    }

    /** What a wave got back: each status with how many times it was answered, and the requests sent. */
    record Answers(Map<Integer, Integer> statuses, int sent) {
    }

    static Answers send(PrivateKey key, int times, int concurrency, Function<String, URI> urlOfToken, BooleanSupplier enough)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        try {
            for (int batch = 0; batch < 20 && !enough.getAsBoolean(); batch++) {
                int first = batch * BATCH;
                List<String> tokens = IntStream.range(first, first + BATCH).parallel()
                        .mapToObj(i -> ContentTokenSigner.builder(key).extraClaims(Map.of("jti", "device " + i)).build().sign())
                        .toList();
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < concurrency; t++) {
                    int thread = t;
                    running.add(senders.submit(() -> {
                        for (int i = thread; i < tokens.size(); i += concurrency) {
                            HttpRequest request = HttpRequest.newBuilder(urlOfToken.apply(tokens.get(i))).build();
                            for (int n = 0; n < times; n++) {
                                statuses.merge(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), 1, Integer::sum);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> one : running) {
                    one.get();
                }
            }
        } finally {
            senders.shutdownNow();
        }
        return new Answers(Map.copyOf(statuses), statuses.values().stream().mapToInt(Integer::intValue).sum());
    }
}
