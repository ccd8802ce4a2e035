package dev.securedcontent.jwt.it.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import dev.securedcontent.jwt.it.ContentOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Cloudflare Worker recipe under workerd: what devices and admins rely on beyond the shared tables. */
class WorkerdRecipeTest {
    private static final String PATH = "/apps/App.pkg";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final KeyPair keys = BadTokenCorpus.newKeyPair();
    private final byte[] content = randomBytes(64 * 1024);

    @Test
    void rangeAndHeadWithAValidTokenReachTheOriginWithoutTheToken() throws Exception {
        try (ContentOrigin origin = ContentOrigin.serving(content);
                RecipeWorkerd workerd = RecipeWorkerd.start(dir, List.of(keys.getPublic()), origin)) {
            URI signed = signer(keys).signUrl(workerd.uri(PATH + "?v=2"));

            HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(signed).header("Range", "bytes=100-199").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(signed).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
            assertThat(origin.receivedUris()).containsOnly(PATH + "?v=2");
        }
    }

    @Test
    void headWithoutATokenIsRefusedLikeGet() throws Exception {
        try (ContentOrigin origin = ContentOrigin.serving(content);
                RecipeWorkerd workerd = RecipeWorkerd.start(dir, List.of(keys.getPublic()), origin)) {
            HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(workerd.uri(PATH))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(head.statusCode()).isEqualTo(401);
            assertThat(head.headers().firstValue("X-Content-Token-Reason")).hasValue("MISSING");
            assertThat(origin.receivedUris()).isEmpty();
        }
    }

    @Test
    void bothKeysOfARotationBindingAreAccepted() throws Exception {
        KeyPair next = BadTokenCorpus.newKeyPair();
        try (ContentOrigin origin = ContentOrigin.serving(content);
                RecipeWorkerd workerd = RecipeWorkerd.start(dir, List.of(keys.getPublic(), next.getPublic()), origin)) {
            assertThat(List.of(keys, next)).allSatisfy(pair -> assertThat(http.send(
                    HttpRequest.newBuilder(signer(pair).signUrl(workerd.uri(PATH))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200));
        }
    }

    @Test
    void theLogNamesTheReasonAndPathButNeverTheWholeToken() throws Exception {
        try (ContentOrigin origin = ContentOrigin.serving(content);
                RecipeWorkerd workerd = RecipeWorkerd.start(dir, List.of(keys.getPublic()), origin)) {
            String token = signer(BadTokenCorpus.newKeyPair()).sign();
            String signature = token.substring(token.lastIndexOf('.') + 1);

            int status = http.send(HttpRequest.newBuilder(workerd.uri(PATH + "?token=" + token)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();

            assertThat(status).isEqualTo(403);
            assertThat(workerd.awaitLogLine(line -> line.contains("content token rejected")))
                    .contains("403 BAD_SIGNATURE", "\"" + PATH + "\"", token.substring(0, token.lastIndexOf('.')) + ".<redacted>");
            assertThat(workerd.log()).doesNotContain(signature);
        }
    }

    @Test
    void aPrivateKeyInTheBindingRefusesEveryRequestWithAnError() throws Exception {
        try (ContentOrigin origin = ContentOrigin.serving(content);
                RecipeWorkerd workerd = RecipeWorkerd.start(dir, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", origin)) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(signer(keys).signUrl(workerd.uri(PATH))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue("MISCONFIGURED");
            assertThat(workerd.awaitLogLine(line -> line.contains("content token check failed")))
                    .contains("binding JAMF_PUBLIC_KEY holds a private key", "-pubout");
            assertThat(origin.receivedUris()).isEmpty();
        }
    }

    @Test
    void theWorkerPassesTheAuditStrictly() throws Exception {
        KeyPair auditKeys = RsaKeys.generate(2048);
        try (ContentOrigin origin = ContentOrigin.serving(content);
                RecipeWorkerd workerd = RecipeWorkerd.start(dir, List.of(auditKeys.getPublic()), origin)) {
            AuditReport report = ContentServerAudit.builder()
                    .privateKey((RSAPrivateCrtKey) auditKeys.getPrivate())
                    .allowPlainHttpToLoopback()
                    .build()
                    .run(workerd.uri(PATH));

            assertThat(report.results()).allSatisfy(r -> assertThat(r.verdict())
                    .as(r.auditCase().id() + ": " + r.detail()).isEqualTo(AuditReport.Verdict.PASSED));
            assertThat(report.passes(true)).isTrue();
        }
    }

    private static ContentTokenSigner signer(KeyPair pair) {
        return ContentTokenSigner.builder(pair.getPrivate()).build();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }
}
