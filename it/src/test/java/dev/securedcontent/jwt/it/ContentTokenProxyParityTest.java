package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code content-token proxy} in front of a real nginx: the shared tables, a strict audit, and an origin that never sees a token. */
class ContentTokenProxyParityTest extends EnforcementPointParity {
    static final String PATH = "/apps/App.pkg";

    private PlainNginx origin;
    private ContentTokenJar proxy;
    private byte[] content;

    @Override
    void start(Path dir, List<RSAPublicKey> keys) throws Exception {
        content = new byte[3 * 1024 * 1024];
        new Random(24).nextBytes(content);
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), content);
        origin = PlainNginx.start(Files.createDirectories(dir.resolve("origin")), "",
                "    location / { root " + dir.resolve("www") + "; }\n");
        proxy = ContentTokenJar.start(dir, "proxy", List.of("--origin", "http://127.0.0.1:" + origin.port(),
                "--keys", ContentTokenJar.keyFile(dir, keys).toString()));
    }

    @Override
    URI contentUrl(String query) {
        return proxy.uri(query == null ? PATH : PATH + "?" + query);
    }

    @Override
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void anAuditFindsNoHoleAndNoDeviation() {
        AuditReport report = ContentServerAudit.builder().privateKey((RSAPrivateCrtKey) trusted.getPrivate())
                .allowPlainHttpToLoopback().build().run(contentUrl(null));

        assertThat(report.passes(true)).as(String.join("\n", report.table())).isTrue();
    }

    @Test
    void rangeHeadAndWholeBodiesPassThroughAndTheOriginNeverSeesTheToken() {
        URI url = ContentTokenSigner.builder(trusted.getPrivate()).build().signUrl(contentUrl("a=1"));

        HttpResponse<byte[]> range = send(HttpRequest.newBuilder(url).header("Range", "bytes=1000-1999").build());
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<byte[]> whole = send(HttpRequest.newBuilder(url).build());

        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(content.length));
        assertThat(whole.body()).isEqualTo(content);
        String originLog = origin.accessLog(log -> log.lines().filter(l -> l.contains("a=1")).count() >= 3);
        assertThat(originLog).contains("GET /apps/App.pkg?a=1\n").contains("HEAD /apps/App.pkg?a=1\n")
                .doesNotContainIgnoringCase("token");
    }
}
