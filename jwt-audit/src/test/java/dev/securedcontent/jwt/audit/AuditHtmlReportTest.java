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
import java.util.List;
import java.util.concurrent.TimeUnit;
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
                // Self-contained: no script, no external asset.
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("@import");
        for (AuditReport.Result r : report.results()) {
            assertThat(html).contains(">" + r.auditCase().id() + "<");
        }
    }

    @Test
    void aHeadlessBrowserShowsTheVerdictWithoutScrolling() throws Exception {
        String chromium = Stream.of("chromium", "chromium-browser").filter(AuditHtmlReportTest::onPath).findFirst().orElse(null);
        if (chromium == null) {
            assumeThat(System.getenv("CI")).as("chromium (Debian package chromium) is not installed").isNull();
            throw new AssertionError("chromium is not installed; CI installs the Debian package chromium (.ci/run)");
        }
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
