package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code content-token check} behind a real Caddy's forward_auth, configured with the shipped
 * snippet (jwt-gateway/src/main/dist/caddy) unchanged but for the check's port: the shared
 * tables and a strict audit.
 */
class ContentTokenCheckCaddyParityTest extends EnforcementPointParity {
    static final String PATH = "/apps/App.pkg";

    private ContentTokenJar check;
    private ChildServer caddy;

    @Override
    void start(Path dir, List<RSAPublicKey> keys) throws Exception {
        Path binary = ChildServer.installed("caddy", List.of(), "caddy");
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), new byte[4096]);
        check = ContentTokenJar.start(dir, "check", List.of("--keys", ContentTokenJar.keyFile(dir, keys).toString()));
        Path snippet = Files.writeString(dir.resolve("content-token.caddy"), ContentTokenCheckNginxParityTest.withPort(
                Files.readString(ContentTokenCheckNginxParityTest.dist("caddy").resolve("content-token.caddy")), check.port()));
        Path home = Files.createDirectories(dir.resolve("caddy-home"));
        Path caddyfile = dir.resolve("Caddyfile");
        caddy = ChildServer.start("caddy", port -> {
            Files.writeString(caddyfile, "{\n\tadmin off\n\tauto_https off\n}\n"
                    + "http://127.0.0.1:" + port + " {\n"
                    + "\troot * " + dir.resolve("www") + "\n"
                    + "\timport " + snippet + "\n"
                    + "\tfile_server\n"
                    + "}\n");
            // Caddy keeps its state under HOME/XDG dirs: the test's own.
            return List.of("env", "HOME=" + home, "XDG_DATA_HOME=" + home, "XDG_CONFIG_HOME=" + home,
                    binary.toString(), "run", "--config", caddyfile.toString(), "--adapter", "caddyfile");
        }, dir.resolve("caddy.log"), dir.resolve("caddy.log"));
    }

    @Override
    URI contentUrl(String query) {
        return URI.create("http://127.0.0.1:" + caddy.port() + (query == null ? PATH : PATH + "?" + query));
    }

    @Override
    void stop() {
        if (caddy != null) {
            caddy.close();
        }
        if (check != null) {
            check.close();
        }
    }

    @Test
    void anAuditFindsNoHoleAndNoDeviation() {
        AuditReport report = ContentServerAudit.builder().privateKey((RSAPrivateCrtKey) trusted.getPrivate())
                .allowPlainHttpToLoopback().build().run(contentUrl(null));

        assertThat(report.passes(true)).as(String.join("\n", report.table())).isTrue();
    }
}
