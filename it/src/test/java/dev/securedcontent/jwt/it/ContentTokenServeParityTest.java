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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code content-token serve} (the jar, as a child process) is held to the shared tables and audited strictly. */
class ContentTokenServeParityTest extends EnforcementPointParity {
    static final String PATH = "/apps/App.pkg";

    private ContentTokenJar serve;
    private byte[] content;
    private Path dir;

    @Override
    void start(Path dir, List<RSAPublicKey> keys) throws Exception {
        this.dir = dir;
        content = new byte[256 * 1024];
        new Random(24).nextBytes(content);
        Path root = Files.createDirectories(dir.resolve("root/apps"));
        Files.write(root.resolve("App.pkg"), content);
        // Outside the root: what a symbolic link, '..' or an encoded trick would reach.
        Files.writeString(dir.resolve("secret.txt"), "outside the root");
        Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));
        serve = ContentTokenJar.start(dir, "serve", List.of("--root", dir.resolve("root").toString(),
                "--keys", ContentTokenJar.keyFile(dir, keys).toString(), "--access-log", dir.resolve("access.log").toString()));
    }

    @Override
    URI contentUrl(String query) {
        return serve.uri(query == null ? PATH : PATH + "?" + query);
    }

    @Override
    void stop() {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void anAuditFindsNoHoleAndNoDeviation() {
        AuditReport report = ContentServerAudit.builder().privateKey((RSAPrivateCrtKey) trusted.getPrivate())
                .allowPlainHttpToLoopback().build().run(contentUrl(null));

        assertThat(report.passes(true)).as(String.join("\n", report.table())).isTrue();
    }

    @Test
    void rangesAndHeadAreServedWithValidators() {
        URI url = ContentTokenSigner.builder(trusted.getPrivate()).build().signUrl(contentUrl(null));

        HttpResponse<byte[]> range = send(HttpRequest.newBuilder(url).header("Range", "bytes=1000-1999").build());
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 2000));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(content.length));
        assertThat(head.headers().firstValue("ETag")).isPresent();
        assertThat(head.headers().firstValue("Last-Modified")).isPresent();
    }

    @Test
    void nothingOutsideTheRootIsServedAndNoPageOrLogHoldsTheToken() {
        String token = ContentTokenSigner.builder(trusted.getPrivate()).build().sign();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        // Written over a socket: an HTTP client might normalise '..' away before sending.
        List<String> tricks = List.of("/apps/link.txt", "/apps/../../secret.txt", "/apps/%2e%2e/%2e%2e/secret.txt",
                "/apps/..%2f..%2fsecret.txt", "/apps/%252e%252e/secret.txt", "/apps/", "/../secret.txt",
                "/apps/nothing.pkg");
        StringBuilder bodies = new StringBuilder();
        for (String trick : tricks) {
            RawHttp.Response response = RawHttp.get(serve.port(), trick + "?token=" + token);
            bodies.append(response.text());
            assertThat(response.status()).as(trick).isIn(400, 403, 404);
        }

        assertThat(bodies.toString()).doesNotContain("outside the root").doesNotContain(signature);
        assertThat(serve.process().awaitLog(dir.resolve("access.log"), log -> log.contains("nothing.pkg")))
                .contains("/apps/nothing.pkg").doesNotContain(signature).doesNotContain("token=");
        assertThat(serve.output()).doesNotContain(signature);
    }
}
