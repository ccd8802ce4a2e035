package dev.securedcontent.jwt.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget of full checks with real clients and a clock the test moves: over it a new (forged)
 * token gets 503 BUSY, a token in the verdict cache is still served, and another client address
 * keeps its share. No sleeps: the budget's clock stands still unless the test moves it.
 */
class CheckBudgetTest {
    private static final String CLIENT_A = "127.0.0.1";
    private static final String CLIENT_B = "127.0.0.2";

    @TempDir
    static Path dir;
    private static KeyPair keys;
    private static Path publicKey;
    private static Path root;
    private final List<GatewayServer> started = new ArrayList<>();
    private final TestClock clock = new TestClock();
    private final Startup startup = new Startup(new PrintWriter(new StringWriter())) {
        @Override
        void await(GatewayServer server) {
            started.add(server);
        }
    };

    @BeforeAll
    static void keys() throws Exception {
        keys = RsaKeys.generate(2048);
        publicKey = dir.resolve("public.pem");
        RsaKeys.writePublicKey(publicKey, (RSAPublicKey) keys.getPublic());
        root = Files.createDirectories(dir.resolve("root"));
        Files.write(root.resolve("a.pkg"), new byte[10_000]);
    }

    @AfterEach
    void stop() {
        started.forEach(GatewayServer::stopQuietly);
    }

    private GatewayServer start(String... args) {
        StringWriter err = new StringWriter();
        int status = ContentTokenCommand.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                clock, startup);
        assertThat(status).as(err.toString()).isZero();
        return started.get(started.size() - 1);
    }

    /** A token of its own for each expiry (signing is deterministic). */
    private static String token(int minutes) {
        return ContentTokenSigner.builder(keys.getPrivate()).expiry(Duration.ofMinutes(minutes)).build().sign();
    }

    /** 2 full checks a second overall, 1 per client address: one passes at once, the next 0.5 s (1 s) later. */
    @Test
    void overTheBudgetANewTokenIsBusyWhileCachedOnesAndOtherClientsShareAreServed() throws Exception {
        requireSecondLoopbackAddress();
        Path log = dir.resolve("serve.log");
        GatewayServer server = start("serve", "--root", root.toString(), "--keys", publicKey.toString(),
                "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--access-log", log.toString(),
                "--check-rate", "2", "--client-check-rate", "1");
        String cached = token(5);
        String other = token(6);
        List<String> answers = new ArrayList<>();

        answers.add(get(server, CLIENT_A, cached));
        answers.add(get(server, CLIENT_A, token(7) + "x"));
        answers.add(get(server, CLIENT_A, cached));
        answers.add(get(server, CLIENT_B, other));
        clock.advance(Duration.ofMillis(500));
        answers.add(get(server, CLIENT_A, token(8).replace('.', '_')));
        answers.add(get(server, CLIENT_B, other));
        answers.add(get(server, CLIENT_A, cached));

        assertThat(answers).containsExactly(
                "206 -", // A's first full check
                "503 BUSY 1", // the overall budget is spent for this half second
                "206 -", // from the verdict cache: never asks the budget
                "503 BUSY 1", // B too: the overall budget
                "503 BUSY 1", // half a second on: A's own share is spent until 1 s
                "206 -", // B's share and the overall budget
                "206 -");
        Map<String, Double> metrics = AdminListenTest.parse(send(server.adminPort(), CLIENT_A, "GET /metrics HTTP/1.1\r\n")
                .split("\r\n\r\n", 2)[1]);
        assertThat(metrics).containsEntry("content_token_budget_refusals_total", 3.0)
                .containsEntry("content_token_requests_total{reason=\"BUSY\",verdict=\"refused\"}", 3.0)
                .containsEntry("content_token_full_checks_total", 2.0)
                .containsEntry("content_token_cache_hits_total", 2.0);
        assertThat(GatewayRequestsTest.awaitLog(log, text -> text.lines().count() >= 7))
                .containsPattern("\"GET /a.pkg HTTP/1.1\" 503 \\d+ BUSY \\d+ms");
    }

    @Test
    void checkRefusesOverTheBudgetWith403ForNginxAnd503ForTheForwardedHeaders() throws Exception {
        GatewayServer server = start("check", "--keys", publicKey.toString(), "--listen", "127.0.0.1:0",
                "--check-rate", "1");

        String first = send(server.port(), CLIENT_A, "GET / HTTP/1.1\r\nX-Original-URI: /a.pkg?token=" + token(5) + "\r\n");
        String nginx = send(server.port(), CLIENT_A, "GET / HTTP/1.1\r\nX-Original-URI: /a.pkg?token=" + token(6) + "\r\n");
        String caddy = send(server.port(), CLIENT_A, "GET / HTTP/1.1\r\nX-Forwarded-Uri: /a.pkg?token=" + token(7) + "\r\n");

        assertThat(first).startsWith("HTTP/1.1 204 ");
        assertThat(nginx).startsWith("HTTP/1.1 403 ").containsIgnoringCase("X-Content-Token-Reason: BUSY")
                .containsIgnoringCase("Retry-After: 1");
        assertThat(caddy).startsWith("HTTP/1.1 503 ").containsIgnoringCase("X-Content-Token-Reason: BUSY");
    }

    /** 10 full checks a second: one passes at once, the next waits 0.1 s for its turn, the one after is refused. */
    @Test
    void checkAnswersACheckThatWaitedItsTurnAndRefusesTheNextOverTheBudget() throws Exception {
        GatewayServer server = start("check", "--keys", publicKey.toString(), "--listen", "127.0.0.1:0",
                "--admin-listen", "127.0.0.1:0", "--check-rate", "10", "--client-check-rate", "10");

        String once = token(5);
        String first = send(server.port(), CLIENT_A, "GET / HTTP/1.1\r\nX-Forwarded-Uri: /a.pkg?token=" + once + "\r\n");
        String waited = send(server.port(), CLIENT_A, "GET / HTTP/1.1\r\nX-Forwarded-Uri: /a.pkg?token=" + token(6) + "\r\n");
        String busy = send(server.port(), CLIENT_A, "GET / HTTP/1.1\r\nX-Forwarded-Uri: /a.pkg?token=" + token(7) + "\r\n");
        String forged = send(server.port(), CLIENT_A, "GET / HTTP/1.1\r\nX-Forwarded-Uri: /a.pkg?token=" + token(8) + "x\r\n");
        String cached = send(server.port(), CLIENT_A, "GET / HTTP/1.1\r\nX-Forwarded-Uri: /a.pkg?token=" + once + "\r\n");

        assertThat(first).startsWith("HTTP/1.1 204 ");
        assertThat(waited).as("its turn came 0.1 s later (the clock stands still, the wait is real)")
                .startsWith("HTTP/1.1 204 ").containsIgnoringCase("X-Accel-Expires: @");
        assertThat(busy).startsWith("HTTP/1.1 503 ").containsIgnoringCase("X-Content-Token-Reason: BUSY");
        assertThat(forged).as("a forged token's check takes a turn too").startsWith("HTTP/1.1 503 ");
        assertThat(cached).as("the verdict cache answers without a turn").startsWith("HTTP/1.1 204 ");
        Map<String, Double> metrics = AdminListenTest.parse(send(server.adminPort(), CLIENT_A, "GET /metrics HTTP/1.1\r\n")
                .split("\r\n\r\n", 2)[1]);
        assertThat(metrics).containsEntry("content_token_full_checks_total", 2.0)
                .containsEntry("content_token_budget_refusals_total", 2.0)
                .containsEntry("content_token_requests_total{reason=\"none\",verdict=\"accepted\"}", 3.0);
    }

    @Test
    void aCheckWaitsItsTurnUpToATenthOfASecondAndARefusalTakesNothing() {
        List<Long> waits = new ArrayList<>();
        CheckBudget budget = new CheckBudget(100, 50, clock, waits::add);

        // 100 a second: a burst of 10 at once, then one every 10 ms, waiting up to 100 ms.
        List<Long> reserved = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reserved.add(budget.reserve("client " + i, 0));
        }
        assertThat(reserved.subList(0, 10)).containsOnly(0L);
        assertThat(reserved.get(10)).isEqualTo(10_000_000L);
        assertThat(reserved.get(19)).isEqualTo(100_000_000L);
        assertThatThrownBy(() -> budget.reserve("client 20", 0)).isInstanceOf(CheckBudget.Busy.class);
        // 50 a second for one address: a burst of 5, then every 20 ms, up to 100 ms.
        for (int i = 0; i < 5; i++) {
            budget.reserve("one", 1_000_000_000L);
        }
        assertThat(budget.reserve("one", 1_000_000_000L)).isEqualTo(20_000_000L);
        assertThat(budget.refusals()).isEqualTo(1);
        assertThat(waits).as("reserve() only says how long; the gate waits").isEmpty();
    }

    private static void requireSecondLoopbackAddress() throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(CLIENT_B), 0));
        } catch (IOException e) {
            assumeThat(e).as("127.0.0.2 is a loopback address here (Linux; not macOS by default)").isNull();
        }
    }

    /** Status, reason and Retry-After of a Range GET from {@code client}'s address. */
    private static String get(GatewayServer server, String client, String token) throws IOException {
        String response = send(server.port(), client, "GET /a.pkg?token=" + token + " HTTP/1.1\r\nRange: bytes=0-99\r\n");
        String status = response.substring(9, 12);
        String reason = header(response, "X-Content-Token-Reason");
        String retry = header(response, "Retry-After");
        return status + " " + (reason == null ? "-" : reason) + (retry == null ? "" : " " + retry);
    }

    private static String header(String response, String name) {
        return response.lines().takeWhile(line -> !line.isEmpty())
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse(null);
    }

    /** One request over a connection from {@code client}'s address; the whole response as text. */
    private static String send(int port, String client, String requestAndHeaders) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(client), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((requestAndHeaders + "Host: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A clock that stands still until {@link #advance}. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
