package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.ServerRoot;
import dev.securedcontent.jwt.it.StockInstall;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/content-token.md's "Running as a service", Linux (systemd) steps, followed as an admin would
 * on Debian 12 (a subclass: Debian 13): the jar, the key, a certificate made with openssl and the
 * unit installed into a test tree, the unit's ExecStart run on the release's own java (paths and
 * port moved), then every shape Jamf Pro may send served over
 * HTTP/2 with TLS, every neighbour past the limits refused, and neither the access log nor the
 * journal (nor any other file) holding a whole token.
 */
class ContentTokenServiceStockInstallTest {
    /** The page's steps, in order (spaces collapsed). */
    static final List<String> STEPS = List.of(
            ServiceInstall.UNPACK,
            ServiceInstall.JRE_STEP,
            "useradd --system --no-create-home content-token",
            "install -D -m 644 content-token.jar /opt/content-token/content-token.jar",
            "install -D -m 644 jamf-public-key.pem /etc/content-token/jamf-public-key.pem",
            "install -D -m 644 cert.pem /etc/content-token/cert.pem",
            "install -D -m 640 -g content-token key.pem /etc/content-token/key.pem",
            "install -D -m 644 service/content-token.service /etc/systemd/system/content-token.service",
            "systemctl daemon-reload && systemctl enable --now content-token",
            "journalctl -u content-token");
    static final String PATH = "/apps/App.pkg";

    /** Whose java runs the unit: the machine's (Debian 12's OpenJDK 17; a subclass: Debian 13's root, OpenJDK 21). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Test
    void theUnitServesEveryValidShapeOverHttp2AndLogsNoToken(@TempDir Path dir) throws Exception {
        ServerRoot root = root();
        StockInstall.inTree(root, dir, (tree, host) -> installAndProve(root, tree, host));
    }

    private void installAndProve(ServerRoot root, Path tree, Path host) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        byte[] bytes = new byte[64 * 1024];
        Path content = Files.createDirectories(host.resolve("srv/content" + PATH).getParent());
        Files.write(content.resolve(Path.of(PATH).getFileName().toString()), bytes);

        String page = ServiceInstall.page();
        Map<String, String> sent = new LinkedHashMap<>();
        int at = 0;
        try (ServiceInstall installed = new ServiceInstall(root, tree, host, (RSAPublicKey) keys.getPublic())) {
            Path cert = AdminTls.selfSigned(installed.admin());
            String journal = null;
            for (String step : STEPS) {
                at = StockInstall.stepAfter(page, step, at);
                if (!installed.follow(step)) {
                    assertThat(step).as("a step this test cannot follow").isEqualTo("journalctl -u content-token");
                    // Its line comes once it listens: the test waits for it.
                    journal = installed.service().awaitLog(installed.journal("content-token"), text -> text.contains("content-token: serving"));
                }
            }
            ChildServer serve = installed.service();
            assertThat(journal).as("the journal: where serve listens").contains("content-token: serving " + tree.resolve("srv/content"),
                    "on https://", "(HTTP/2 and HTTP/1.1 over TLS)");

            HttpClient http = AdminTls.client(cert);
            URI url = URI.create("https://127.0.0.1:" + serve.port() + PATH);
            StockInstall.EveryShape shapes = AdminTls.sendEveryShapeOverHttp2(http, keys, url);
            sent.putAll(shapes.sent());
            String accessLog = serve.awaitLog(host.resolve("var/log/content-token/access.log"),
                    text -> text.lines().count() >= shapes.requests());
            assertThat(accessLog).contains("\"GET " + PATH + " HTTP/2.0\" 206 ").contains(" EXPIRED").doesNotContain("token=");
        }
        // Every file, the journal and the access log included, but the jar.
        assertThat(StockInstall.filesHoldingATokenIn(host, sent, f -> ServiceInstall.isInstalledBinary(host, f))).isEmpty();
    }
}
