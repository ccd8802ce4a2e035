package dev.securedcontent.jwt.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --admin-listen against the real servers: /healthz, /readyz and /metrics, the metrics read after
 * Prometheus's own parser (promtool check metrics) accepted them.
 */
class AdminListenTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static KeyPair keys;
    @TempDir
    static Path dir;
    private static Path publicKey;
    private static Path root;
    private static final byte[] FILE = new byte[50_000];

    private final List<GatewayServer> started = new ArrayList<>();
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
        Files.write(root.resolve("a.pkg"), FILE);
    }

    @AfterEach
    void stop() {
        started.forEach(GatewayServer::stopQuietly);
    }

    private GatewayServer start(String... args) {
        StringWriter err = new StringWriter();
        int status = ContentTokenCommand.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                Clock.systemUTC(), startup);
        assertThat(status).as(err.toString()).isZero();
        return started.get(started.size() - 1);
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String admin(GatewayServer server, String path) {
        return "http://127.0.0.1:" + server.adminPort() + path;
    }

    private static String signed(String url) {
        return ContentTokenSigner.builder(keys.getPrivate()).build().signUrl(URI.create(url)).toString();
    }

    @Test
    void serveCountsVerdictsChecksCacheHitsBytesAndKeys() throws Exception {
        GatewayServer server = start("serve", "--root", root.toString(), "--keys", publicKey.toString(),
                "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        String base = "http://127.0.0.1:" + server.port();
        String url = signed(base + "/a.pkg");
        String token = url.substring(url.indexOf("token=") + 6);
        String tampered = url.substring(0, url.length() - 4) + (url.endsWith("AAAA") ? "BBBB" : "AAAA");

        for (int i = 0; i < 3; i++) {
            assertThat(get(url).statusCode()).isEqualTo(200);
        }
        assertThat(get(base + "/a.pkg").statusCode()).isEqualTo(401);
        assertThat(get(tampered).statusCode()).isEqualTo(403);

        assertThat(get(admin(server, "/healthz")).statusCode()).isEqualTo(200);
        assertThat(get(admin(server, "/readyz")).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(admin(server, "/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        Map<String, Double> samples = parse(metrics.body());

        assertThat(samples).containsEntry("content_token_requests_total{reason=\"none\",verdict=\"accepted\"}", 3.0)
                .containsEntry("content_token_requests_total{reason=\"MISSING\",verdict=\"refused\"}", 1.0)
                .containsEntry("content_token_requests_total{reason=\"BAD_SIGNATURE\",verdict=\"refused\"}", 1.0)
                .containsEntry("content_token_full_checks_total", 2.0)
                .containsEntry("content_token_cache_hits_total", 2.0)
                .containsEntry("content_token_check_seconds_count", 5.0)
                .containsEntry("content_token_check_seconds_bucket{le=\"+Inf\"}", 5.0)
                .containsEntry("content_token_keys_loaded", 1.0)
                .containsEntry("content_token_key_info{thumbprint=\"" + RsaKeys.thumbprint((RSAPublicKey) keys.getPublic()) + "\"}", 1.0);
        assertThat(samples.get("content_token_served_bytes_total")).isGreaterThanOrEqualTo(3.0 * FILE.length);
        // No token, no part of one, no path, no client address in any label or value.
        assertThat(metrics.body()).doesNotContain(token.substring(0, token.indexOf('.'))).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain("a.pkg").doesNotContain("127.0.0.1").doesNotContain("PUBLIC KEY");
        assertThat(get(admin(server, "/a.pkg")).statusCode()).as("the admin address serves no content").isEqualTo(404);
        assertThat(get(base + "/metrics").statusCode()).as("the content address has no metrics").isEqualTo(401);
    }

    @Test
    void auditWritesTheHtmlReport() throws Exception {
        GatewayServer server = start("serve", "--root", root.toString(), "--keys", publicKey.toString(), "--listen", "127.0.0.1:0");
        Path html = dir.resolve("reports/audit-report.html");
        StringWriter out = new StringWriter();
        int status = ContentTokenCommand.run(new String[] {"audit", "--allow-http", "--html", html.toString(),
            "http://127.0.0.1:" + server.port() + "/a.pkg"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                Clock.systemUTC(), startup);

        assertThat(status).as(out.toString()).isZero();
        assertThat(out.toString()).contains("report written to " + html);
        assertThat(Files.readString(html)).contains("<header id=\"verdict\" class=\"pass\"><h1>PASS: http://127.0.0.1:");
    }

    @Test
    void withoutAdminListenThereIsNoAdminAddress() {
        GatewayServer server = start("serve", "--root", root.toString(), "--keys", publicKey.toString(), "--listen", "127.0.0.1:0");
        assertThat(server.adminPort()).isEqualTo(-1);
    }

    @Test
    void theContentPortIsRefusedAsAdminAddress() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            int port = probe.getLocalPort();
            StringWriter err = new StringWriter();
            int status = ContentTokenCommand.run(new String[] {"check", "--keys", publicKey.toString(), "--listen", "127.0.0.1:" + port,
                "--admin-listen", "127.0.0.1:" + port}, new PrintWriter(new StringWriter()), new PrintWriter(err, true), Clock.systemUTC(), startup);
            assertThat(status).isEqualTo(ContentTokenCommand.BAD_INPUT);
            assertThat(err.toString()).contains("--admin-listen 127.0.0.1:" + port + ": is the content port").contains("e.g. --admin-listen");
        }
    }

    @Test
    void checkCountsTheOriginalRequestsVerdict() throws Exception {
        GatewayServer server = start("check", "--keys", publicKey.toString(), "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        String url = signed("http://dp.example.com/a.pkg");
        String original = url.substring("http://dp.example.com".length());

        assertThat(get("http://127.0.0.1:" + server.port() + "/", "X-Original-URI", original).statusCode()).isEqualTo(204);
        assertThat(get("http://127.0.0.1:" + server.port() + "/", "X-Original-URI", "/a.pkg?token=x.y").statusCode()).isEqualTo(403);

        Map<String, Double> samples = parse(get(admin(server, "/metrics")).body());
        assertThat(samples).containsEntry("content_token_requests_total{reason=\"none\",verdict=\"accepted\"}", 1.0)
                .containsEntry("content_token_requests_total{reason=\"MALFORMED\",verdict=\"refused\"}", 1.0);
    }

    @Test
    void proxyIsReadyOnlyWhileItsOriginAcceptsConnections() throws Exception {
        GatewayServer origin = start("serve", "--root", root.toString(), "--keys", publicKey.toString(), "--listen", "127.0.0.1:0");
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0)) {
            closedPort = gone.getLocalPort();
        }
        GatewayServer up = start("proxy", "--origin", "http://127.0.0.1:" + origin.port(), "--keys", publicKey.toString(),
                "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        GatewayServer down = start("proxy", "--origin", "http://127.0.0.1:" + closedPort, "--keys", publicKey.toString(),
                "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");

        assertThat(get(admin(up, "/readyz")).statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get(admin(down, "/readyz"));
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("the origin 127.0.0.1:" + closedPort + " does not accept connections");
        assertThat(get(admin(down, "/healthz")).statusCode()).as("up, though not ready").isEqualTo(200);
    }

    @Test
    void aKeyFileThatCannotBeReadIsNotReady() throws Exception {
        Path copy = Files.copy(publicKey, dir.resolve("rotating.pem"));
        GatewayServer server = start("serve", "--root", root.toString(), "--keys", copy.toString(),
                "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        assertThat(get(admin(server, "/readyz")).statusCode()).isEqualTo(200);

        Files.delete(copy);

        HttpResponse<String> readyz = get(admin(server, "/readyz"));
        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(readyz.body()).contains("rotating.pem cannot be read").contains("1 key(s) read before stay in force");
        assertThat(parse(get(admin(server, "/metrics")).body())).containsEntry("content_token_keys_loaded", 1.0);
    }

    // ---- the text format ----

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$");

    /**
     * The samples by name and labels, once Prometheus's own parser (promtool check metrics: parse
     * and lint) accepted the whole page; without promtool that part is skipped unless CI is set.
     */
    static Map<String, Double> parse(String exposition) throws Exception {
        promtoolCheck(exposition);
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            samples.put(sample.group(1), Double.parseDouble(sample.group(2).replace("+Inf", "Infinity")));
        }
        return samples;
    }

    private static void promtoolCheck(String exposition) throws Exception {
        boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "promtool")));
        if (!present) {
            assumeThat(System.getenv("CI")).as("promtool (Debian package prometheus) is not installed").isNull();
            throw new AssertionError("promtool is not installed; CI installs the Debian package prometheus (.ci/run)");
        }
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor()).as("promtool check metrics: %s", output).isZero();
    }
}
