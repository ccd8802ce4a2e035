package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code content-token check} behind a real nginx's auth_request, configured with the shipped
 * snippets (jwt-gateway/src/main/dist/nginx) unchanged but for the check's port: the shared
 * tables and a strict audit.
 */
class ContentTokenCheckNginxParityTest extends EnforcementPointParity {
    static final String PATH = "/apps/App.pkg";

    private ContentTokenJar check;
    private PlainNginx nginx;

    @Override
    void start(Path dir, List<RSAPublicKey> keys) throws Exception {
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), new byte[4096]);
        check = ContentTokenJar.start(dir, "check", List.of("--keys", ContentTokenJar.keyFile(dir, keys).toString()));
        nginx = startNginx(dir, check.port());
    }

    /** A stock nginx serving dir/www behind the shipped snippets, asking the check on {@code checkPort}. */
    static PlainNginx startNginx(Path dir, int checkPort) throws IOException {
        Path snippets = dist("nginx");
        Path http = Files.writeString(dir.resolve("content-token-check-http.conf"),
                withCacheIn(withPort(Files.readString(snippets.resolve("content-token-check-http.conf")), checkPort), dir));
        return PlainNginx.start(Files.createDirectories(dir.resolve("nginx")), "  include " + http + ";\n",
                "    include " + snippets.resolve("content-token-check.conf") + ";\n"
                        + "    location / { root " + dir.resolve("www") + "; }\n");
    }

    /** The shipped snippet pointing at the check's port instead of its default 9180. */
    static String withPort(String snippet, int port) {
        assertThat(snippet).contains("127.0.0.1:9180");
        return snippet.replace("127.0.0.1:9180", "127.0.0.1:" + port);
    }

    /** The shipped snippet with its verdict cache in {@code dir}/verdicts instead of /run (which tests may not write). */
    static String withCacheIn(String snippet, Path dir) {
        assertThat(snippet).contains("/run/nginx-content-token-check ");
        return snippet.replace("/run/nginx-content-token-check ", dir.resolve("verdicts") + " ");
    }

    /** jwt-gateway/src/main/dist/{@code name} of this checkout. */
    static Path dist(String name) throws IOException {
        Path jar = ContentTokenJar.jar();
        Path dist = jar.getParent().getParent().resolve("src/main/dist").resolve(name);
        if (!Files.isDirectory(dist)) {
            throw new IOException(dist + " is missing");
        }
        return dist;
    }

    @Override
    URI contentUrl(String query) {
        return nginx.uri(query == null ? PATH : PATH + "?" + query);
    }

    @Override
    void stop() {
        if (nginx != null) {
            nginx.close();
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
