package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The secured-content server under load: 16 concurrent clients send 20,000 requests mixing valid,
 * missing, expired and forged tokens, whole files, Range and HEAD. Every verdict must be right
 * (status, reason, bytes), none may be a 5xx, and the run is bounded in time. After close, no
 * thread the server started is left and its port refuses connections. Loopback only.
 *
 * <p>Isolated: its time bound means nothing while other tests compete for the two cores.
 */
@Isolated
class SecuredContentServerLoadTest {
    private static final int CLIENTS = 16;
    private static final int REQUESTS = 20_000;
    private static final Duration TIME_BOUND = Duration.ofSeconds(120); // measured 48 s with the machine at load 12-16; a hang, not a benchmark
    private static final int FILE_SIZE = 16 * 1024;

    @TempDir
    Path dir;

    /** One kind of request and the verdict it must get. */
    private record Kind(String name, String method, Optional<String> token, Optional<String> range, int status,
            Optional<String> reason) {}

    @Test
    void twentyThousandMixedRequestsFromSixteenClientsGetOnlyRightVerdictsAndLeaveNothingBehind() throws Exception {
        // given a server on loopback with one file, and the threads that existed before it
        byte[] file = new byte[FILE_SIZE];
        new Random(16).nextBytes(file);
        Files.write(dir.resolve("app.pkg"), file);
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        ContentServer server = ContentServer.start(ContentServerOptions.defaults().contentDirectory(dir)
                .clockStart(Instant.parse("2026-03-01T12:00:00Z")));
        int port = server.port();
        assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
        List<Kind> kinds = kinds(server);

        // when 16 clients send 20,000 requests, round-robin over the kinds
        List<String> wrongVerdicts = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<Integer> serverErrors = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ExecutorService httpExecutor = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpExecutor)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = sent.getAndIncrement(); i < REQUESTS; i = sent.getAndIncrement()) {
                        Kind kind = kinds.get(i % kinds.size());
                        String verdict = send(http, server, kind, file, serverErrors);
                        if (verdict != null) {
                            wrongVerdicts.add("request " + i + " (" + kind.name() + "): " + verdict);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(TIME_BOUND.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            httpExecutor.shutdownNow();
            server.close();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("%d requests from %d clients in %d ms (%.0f/s)%n", REQUESTS, CLIENTS, took.toMillis(),
                REQUESTS * 1000.0 / Math.max(1, took.toMillis()));

        // then every verdict was right, none was a 5xx, and it all took a bounded time
        assertThat(wrongVerdicts).as("wrong verdicts").isEmpty();
        assertThat(serverErrors).as("5xx responses").isEmpty();
        assertThat(server.requests()).hasSize(REQUESTS);
        assertThat(took).isLessThan(TIME_BOUND);

        // and after close: the port refuses connections, and no non-daemon thread it started is alive
        assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(httpExecutor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(catchThrowable(() -> connect(InetAddress.getLoopbackAddress(), port))).isInstanceOf(ConnectException.class);
        assertThat(leftoverNonDaemonThreads(threadsBefore)).isEmpty();
    }

    @Test
    void theServerIsNotReachableOnOtherInterfaces() throws Exception {
        // given a running server and an address of this machine that is not loopback (if it has one)
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .filter(this::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(external.isPresent(), "this machine has only a loopback interface");
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults().contentDirectory(dir))) {
            int port = server.port();

            // when connecting through that address, then it is refused, while loopback is accepted
            assertThat(catchThrowable(() -> connect(external.get(), port))).isInstanceOf(ConnectException.class);
            connect(InetAddress.getLoopbackAddress(), port);
        }
    }

    private static List<Kind> kinds(ContentServer server) {
        String valid = server.validToken();
        String expired = server.expiredToken();
        String otherKey = server.otherKeyToken();
        String algNone = server.algNoneToken();
        String tampered = server.tamperedToken();
        String wrongIssuer = server.wrongIssuerToken();
        Optional<String> none = Optional.empty();
        return List.of(
                new Kind("valid GET", "GET", Optional.of(valid), none, 200, none),
                new Kind("valid Range", "GET", Optional.of(valid), Optional.of("bytes=1000-4999"), 206, none),
                new Kind("valid suffix Range", "GET", Optional.of(valid), Optional.of("bytes=-100"), 206, none),
                new Kind("valid HEAD", "HEAD", Optional.of(valid), none, 200, none),
                new Kind("missing token", "GET", none, none, 401, Optional.of("MISSING")),
                new Kind("missing token, Range", "GET", none, Optional.of("bytes=0-99"), 401, Optional.of("MISSING")),
                new Kind("expired", "GET", Optional.of(expired), none, 403, Optional.of("EXPIRED")),
                new Kind("expired, Range", "GET", Optional.of(expired), Optional.of("bytes=0-99"), 403, Optional.of("EXPIRED")),
                new Kind("expired, HEAD", "HEAD", Optional.of(expired), none, 403, Optional.of("EXPIRED")),
                new Kind("other key", "GET", Optional.of(otherKey), none, 403, Optional.of("BAD_SIGNATURE")),
                new Kind("other key, Range", "GET", Optional.of(otherKey), Optional.of("bytes=0-99"), 403, Optional.of("BAD_SIGNATURE")),
                new Kind("alg none", "GET", Optional.of(algNone), none, 403, Optional.of("UNSUPPORTED_ALGORITHM")),
                new Kind("tampered", "GET", Optional.of(tampered), Optional.of("bytes=0-99"), 403, Optional.of("BAD_SIGNATURE")),
                new Kind("wrong issuer", "GET", Optional.of(wrongIssuer), none, 403, Optional.of("WRONG_ISSUER")));
    }

    /** Sends one request; returns what was wrong with the answer, or null when it was right. */
    private static String send(HttpClient http, ContentServer server, Kind kind, byte[] file, ConcurrentLinkedQueue<Integer> serverErrors) {
        URI url = kind.token().map(token -> server.withToken(server.unsignedUrl("/app.pkg"), token))
                .orElse(server.unsignedUrl("/app.pkg"));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .method(kind.method(), HttpRequest.BodyPublishers.noBody());
        kind.range().ifPresent(range -> request.header("Range", range));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return "no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        if (response.statusCode() >= 500) {
            serverErrors.add(response.statusCode());
        }
        if (response.statusCode() != kind.status()) {
            return "status " + response.statusCode() + ", expected " + kind.status();
        }
        Optional<String> reason = response.headers().firstValue(RejectionReason.HEADER);
        if (!reason.equals(kind.reason())) {
            return "reason " + reason + ", expected " + kind.reason();
        }
        byte[] expectedBody = expectedBody(kind, file);
        if (expectedBody != null && !Arrays.equals(response.body(), expectedBody)) {
            return "body of " + response.body().length + " bytes differs from the expected " + expectedBody.length;
        }
        return null;
    }

    private static byte[] expectedBody(Kind kind, byte[] file) {
        if (kind.status() >= 400) {
            return null;
        }
        if (kind.method().equals("HEAD")) {
            return new byte[0];
        }
        return switch (kind.range().orElse("")) {
            case "" -> file;
            case "bytes=1000-4999" -> Arrays.copyOfRange(file, 1000, 5000);
            case "bytes=-100" -> Arrays.copyOfRange(file, file.length - 100, file.length);
            default -> throw new IllegalArgumentException(kind.range().get());
        };
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
        }
    }

    /** Non-daemon threads started since {@code before} that are still alive, each given up to 10 s to end. */
    private static List<String> leftoverNonDaemonThreads(Set<Thread> before) throws InterruptedException {
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && !thread.isDaemon() && thread != Thread.currentThread())
                .toList();
        for (Thread thread : started) {
            thread.join(10_000);
        }
        // JUnit's own worker threads (parallel execution) are not the server's.
        return started.stream().filter(Thread::isAlive)
                .filter(thread -> !thread.getName().startsWith("ForkJoinPool"))
                .map(Thread::getName).collect(Collectors.toList());
    }

    private boolean isUp(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp();
        } catch (IOException e) {
            return false;
        }
    }
}
