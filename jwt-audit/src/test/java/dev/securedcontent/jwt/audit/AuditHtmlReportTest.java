package dev.securedcontent.jwt.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML audit report of a real audit of a server that serves everything (and echoes what it was
 * sent): the verdict first, every case by severity, no signature; rendered by a real headless
 * browser (Debian's chromium), skipped without one unless CI is set.
 */
class AuditHtmlReportTest {
    private static final KeyPair KEYS = RsaKeys.generate(2048);
    /** The verdict banner's colour when the audit fails (#b3261e), found nowhere else on the page. */
    private static final int FAIL_RGB = 0xb3261e;

    @TempDir
    Path dir;
    private HttpServer server;
    private String validToken;
    private AuditReport report;

    @BeforeEach
    void auditAnOpenServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("served " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        validToken = ContentTokenSigner.builder(KEYS.getPrivate()).build().sign();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/apps/App.pkg");
        AuditReport audited = ContentServerAudit.builder().allowPlainHttpToLoopback().validToken(validToken)
                .privateKey((RSAPrivateCrtKey) KEYS.getPrivate()).build().run(url);
        // One more result quoting the whole token, as a server's echo might: the page must redact it.
        List<AuditReport.Result> results = new ArrayList<>(audited.results());
        results.add(new AuditReport.Result(AuditCase.TOKEN_NOT_ECHOED, AuditReport.Verdict.FAILED, 200,
                "the body held " + validToken, "do not echo the query string"));
        report = new AuditReport(url.toString(), results);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String signature() {
        return validToken.substring(validToken.lastIndexOf('.') + 1);
    }

    @Test
    void thePageHasTheVerdictFirstEveryCaseBySeverityAndNoSignature() {
        String html = AuditHtmlReport.render(report, false, Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(html.indexOf("id=\"verdict\"")).isPositive().isLessThan(html.indexOf("<section"));
        assertThat(html).contains("<header id=\"verdict\" class=\"fail\"><h1>FAIL: http://127.0.0.1:")
                .contains("<section id=\"hole\">").contains("<section id=\"baseline\">").contains("<section id=\"deviation\">")
                .contains("no-token-get").contains("Fix:")
                .contains(validToken.substring(0, validToken.lastIndexOf('.')) + ".&lt;redacted&gt;")
                .doesNotContain(signature())
                // Self-contained: no script, no external asset; links (to the project's docs) only.
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("<link").doesNotContain("@import")
                .doesNotContain("url(");
        assertThat(Pattern.compile("href=\"([^\"]*)\"").matcher(html).results().map(m -> m.group(1)))
                .allSatisfy(href -> assertThat(href).startsWith(ConformanceMatrix.DOCS.toString()));
        for (AuditReport.Result r : report.results()) {
            assertThat(html).contains(">" + r.auditCase().id() + "<");
        }
    }

    @Test
    void theReportNamesTheMatrixColumnWithTheMostEqualVerdictsAndWhereTheyDiffer() {
        // Three columns: one that refuses everything it should, one with this server's verdicts but
        // one, and one equal to it in number (tied, so the first of the two is named).
        Map<String, ConformanceMatrix.Cell> kept = new LinkedHashMap<>();
        Map<String, ConformanceMatrix.Cell> likeThis = new LinkedHashMap<>();
        for (AuditReport.Result r : report.results()) {
            kept.put(r.auditCase().id(), new ConformanceMatrix.Cell(AuditReport.Verdict.PASSED, ""));
            likeThis.put(r.auditCase().id(), new ConformanceMatrix.Cell(r.verdict(), r.verdict() == AuditReport.Verdict.FAILED ? "HTTP 200" : ""));
        }
        likeThis.put("no-token-get", new ConformanceMatrix.Cell(AuditReport.Verdict.PASSED, ""));
        ConformanceMatrix matrix = new ConformanceMatrix(List.of(
                new ConformanceMatrix.Column("`@SecuredContentServer`", "test-server.md", kept),
                new ConformanceMatrix.Column("nginx recipe", "../web-server/nginx/README.md", likeThis),
                new ConformanceMatrix.Column("nginx recipe, Debian 13", null, likeThis)));
        long decided = report.results().stream().filter(r -> r.verdict() != AuditReport.Verdict.SKIPPED).count();

        ConformanceMatrix.Closest closest = matrix.closest(report);
        StringBuilder html = new StringBuilder();
        AuditHtmlReport.closest(html, report, matrix);

        assertThat(closest.column().title()).isEqualTo("nginx recipe");
        assertThat(closest.compared()).isEqualTo(decided);
        assertThat(closest.equal()).isEqualTo(decided - 1);
        assertThat(closest.tied()).extracting(ConformanceMatrix.Column::title).containsExactly("nginx recipe, Debian 13");
        assertThat(html.toString()).contains("<section id=\"closest\">")
                .contains("<a href=\"https://github.com/secured-content/secured-content-jwt/blob/main/web-server/nginx/README.md\">"
                        + "nginx recipe</a>: " + (decided - 1) + " of " + decided + " verdicts equal")
                .contains("href=\"https://github.com/secured-content/secured-content-jwt/blob/main/docs/conformance-matrix.html\"")
                .contains("As many are equal in: nginx recipe, Debian 13.")
                .contains("<code>@SecuredContentServer</code> ")
                // The one case where they differ: failed here, kept by the column.
                .contains("<tr><td class=\"id\">no-token-get</td><td>hole</td><td class=\"v FAILED\">FAILED (HTTP 200)</td>"
                        + "<td class=\"v PASSED\">PASSED</td></tr>");
        assertThat(html.toString().split("<tr><td class=\"id\">", -1)).hasSize(2);
    }

    @Test
    void theBuiltInMatrixIsTheProjectsAndTheReportUsesIt() {
        ConformanceMatrix matrix = ConformanceMatrix.bundled();

        assertThat(matrix.columns()).as("conformance-matrix.tsv, written by ConformanceMatrixTest").isNotEmpty();
        assertThat(matrix.columns()).extracting(ConformanceMatrix.Column::title).contains("nginx recipe", "`content-token serve`");
        assertThat(matrix.columns()).allSatisfy(column -> assertThat(column.cells().keySet())
                .as(column.title()).containsAll(Stream.of(AuditCase.values()).filter(c -> c != AuditCase.CONTENT_MATCHES)
                        .map(AuditCase::id).toList()));
        assertThat(ConformanceMatrix.parse(matrix.tsv()).tsv()).isEqualTo(matrix.tsv());
        // This open server fails every hole: no column is like it, but one is named all the same.
        assertThat(AuditHtmlReport.render(report, false, Instant.now())).contains("<section id=\"closest\">")
                .contains("verdicts equal</small>");
    }

    @Test
    void aHeadlessBrowserShowsTheVerdictWithoutScrolling() throws Exception {
        String chromium = chromium();
        Path page = dir.resolve(AuditHtmlReport.FILE_NAME);
        AuditHtmlReport.write(report, false, Instant.now(), page);
        Path screenshot = dir.resolve("report.png");

        String dom = browser(chromium, "--dump-dom", page.toUri().toString());
        browser(chromium, "--screenshot=" + screenshot, page.toUri().toString());

        assertThat(dom).contains("id=\"verdict\"").contains("FAIL: http://127.0.0.1:").doesNotContain(signature());
        assertThat(Files.size(screenshot)).isPositive();
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(800);
        // The banner's colour covers a good part of the first 200 pixel rows: the verdict is on the
        // first screen, at its top.
        int banner = 0;
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                if ((image.getRGB(x, y) & 0xffffff) == FAIL_RGB) {
                    banner++;
                }
            }
        }
        assertThat(banner).as("pixels of the verdict banner in the top 200 rows").isGreaterThan(5_000);
    }

    private String browser(String chromium, String... args) throws Exception {
        return browser(dir, chromium, args);
    }

    /** chromium's path, null when there is none and CI is not set; fails without one under CI. */
    static String chromium() {
        String chromium = Stream.of("chromium", "chromium-browser").filter(AuditHtmlReportTest::onPath).findFirst().orElse(null);
        if (chromium == null) {
            assumeThat(System.getenv("CI")).as("chromium (Debian package chromium) is not installed").isNull();
            throw new AssertionError("chromium is not installed; CI installs the Debian package chromium (.ci/run)");
        }
        return chromium;
    }

    /** Runs headless chromium with {@code args}; its standard output. */
    static String browser(Path dir, String chromium, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--window-size=1280,800",
                "--hide-scrollbars"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        assertThat(process.exitValue()).isZero();
        return Files.readString(out);
    }

    private static boolean onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, name)));
    }
}
