package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.it.EnforcementPoint;
import dev.securedcontent.jwt.it.EnforcementPoints;
import dev.securedcontent.jwt.it.RawHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the content-token jar's points (serve, proxy, check behind nginx and Caddy) must do beyond
 * the shared tables of EnforcementPointParityTest: pass a strict audit; serve keeps to its root and
 * keeps tokens out of its pages and logs; proxy passes ranges and HEAD through and never hands the
 * token to the origin.
 */
class ContentTokenJarTest {
    private final KeyPair trusted = RsaKeys.generate(2048);

    static Stream<EnforcementPoint> jarPoints() {
        return Stream.of(EnforcementPoints.SERVE, EnforcementPoints.PROXY, EnforcementPoints.CHECK_NGINX, EnforcementPoints.CHECK_CADDY);
    }

    private ContentTokenJar.Point start(EnforcementPoint point, Path dir) throws Exception {
        return (ContentTokenJar.Point) point.start(dir, List.of((RSAPublicKey) trusted.getPublic()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jarPoints")
    void anAuditFindsNoHoleAndNoDeviation(EnforcementPoint point, @TempDir Path dir) throws Exception {
        try (ContentTokenJar.Point running = start(point, dir)) {
            AuditReport report = ContentServerAudit.builder().privateKey((RSAPrivateCrtKey) trusted.getPrivate())
                    .allowPlainHttpToLoopback().build().run(running.contentUrl(null));

            assertThat(report.passes(true)).as(String.join("\n", report.table())).isTrue();
        }
    }

    @Test
    void serveAnswersRangesAndHeadWithValidators(@TempDir Path dir) throws Exception {
        try (ContentTokenJar.Point serve = start(EnforcementPoints.SERVE, dir)) {
            URI url = ContentTokenSigner.builder(trusted.getPrivate()).build().signUrl(serve.contentUrl(null));

            HttpResponse<byte[]> range = EnforcementPoint.send(HttpRequest.newBuilder(url).header("Range", "bytes=1000-1999").build());
            HttpResponse<byte[]> head = EnforcementPoint.send(HttpRequest.newBuilder(url)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(serve.content(), 1000, 2000));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(serve.content().length));
            assertThat(head.headers().firstValue("ETag")).isPresent();
            assertThat(head.headers().firstValue("Last-Modified")).isPresent();
        }
    }

    @Test
    void serveServesNothingOutsideTheRootAndNoPageOrLogHoldsTheToken(@TempDir Path dir) throws Exception {
        try (ContentTokenJar.Point serve = start(EnforcementPoints.SERVE, dir)) {
            String token = ContentTokenSigner.builder(trusted.getPrivate()).build().sign();
            String signature = token.substring(token.lastIndexOf('.') + 1);
            // Written over a socket: an HTTP client might normalise '..' away before sending.
            List<String> tricks = List.of("/apps/link.txt", "/apps/../../secret.txt", "/apps/%2e%2e/%2e%2e/secret.txt",
                    "/apps/..%2f..%2fsecret.txt", "/apps/%252e%252e/secret.txt", "/apps/", "/../secret.txt",
                    "/apps/nothing.pkg");
            StringBuilder bodies = new StringBuilder();
            for (String trick : tricks) {
                RawHttp.Response response = RawHttp.get(serve.jar().port(), trick + "?token=" + token);
                bodies.append(response.text());
                assertThat(response.status()).as(trick).isIn(400, 403, 404);
            }

            assertThat(bodies.toString()).doesNotContain("outside the root").doesNotContain(signature);
            assertThat(serve.jar().process().awaitLog(dir.resolve("access.log"), log -> log.contains("nothing.pkg")))
                    .contains("/apps/nothing.pkg").doesNotContain(signature).doesNotContain("token=");
            assertThat(serve.jar().output()).doesNotContain(signature);
        }
    }

    @Test
    void proxyPassesRangeHeadAndWholeBodiesThroughAndTheOriginNeverSeesTheToken(@TempDir Path dir) throws Exception {
        try (ContentTokenJar.Point proxy = start(EnforcementPoints.PROXY, dir)) {
            URI url = ContentTokenSigner.builder(trusted.getPrivate()).build().signUrl(proxy.contentUrl("a=1"));
            byte[] content = proxy.content();

            HttpResponse<byte[]> range = EnforcementPoint.send(HttpRequest.newBuilder(url).header("Range", "bytes=1000-1999").build());
            HttpResponse<byte[]> head = EnforcementPoint.send(HttpRequest.newBuilder(url)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            HttpResponse<byte[]> whole = EnforcementPoint.send(HttpRequest.newBuilder(url).build());

            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(content.length));
            assertThat(whole.body()).isEqualTo(content);
            String originLog = proxy.origin().accessLog(log -> log.lines().filter(l -> l.contains("a=1")).count() >= 3);
            assertThat(originLog).contains("GET /apps/App.pkg?a=1\n").contains("HEAD /apps/App.pkg?a=1\n")
                    .doesNotContainIgnoringCase("token");
        }
    }
}
