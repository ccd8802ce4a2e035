package dev.securedcontent.jwt.it.nginx;

import static dev.securedcontent.jwt.core.BadTokenCorpus.jamfPayload;
import static dev.securedcontent.jwt.core.RawJws.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.RawJws;
import dev.securedcontent.jwt.it.RecipeServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped nginx recipe, in a real nginx: what devices, logs and upstreams see. */
class NginxRecipeTest {
    private static final String JAMF_HEADER = "{\"alg\":\"RS256\"}";

    @TempDir
    static Path dir;

    private static KeyPair trusted;
    private static KeyPair rotated;
    private static KeyPair untrusted;
    private static RecipeNginx nginx;
    private static HttpClient http;

    @BeforeAll
    static void startNginx() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        trusted = generator.generateKeyPair();
        rotated = generator.generateKeyPair();
        untrusted = generator.generateKeyPair();
        nginx = RecipeNginx.start(dir, List.of(trusted.getPublic(), rotated.getPublic()), List.of());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static String validToken(KeyPair keys) {
        return rs256(JAMF_HEADER, jamfPayload(Instant.now().plus(Duration.ofMinutes(5))), keys.getPrivate());
    }

    private static HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(nginx.uri(pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> head(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(nginx.uri(pathAndQuery))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void validTokenGetsTheWholeFile() throws Exception {
        HttpResponse<byte[]> response = get(RecipeNginx.CONTENT_PATH + "?token=" + validToken(trusted));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(nginx.content());
    }

    @Test
    void tokenOfTheOtherAcceptedKeyIsAcceptedDuringRotation() throws Exception {
        HttpResponse<byte[]> response = get(RecipeNginx.CONTENT_PATH + "?token=" + validToken(rotated));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void keyFileAddedWhileRunningIsAcceptedWithoutReloadAsRefusalsAreNotCached() throws Exception {
        KeyPair added = BadTokenCorpus.newKeyPair();
        String token = validToken(added);
        assertThat(get(RecipeNginx.CONTENT_PATH + "?token=" + token).statusCode()).isEqualTo(403);

        Files.writeString(dir.resolve("keys/added-while-running.pem"), RecipeServer.pem(added.getPublic()));

        assertThat(get(RecipeNginx.CONTENT_PATH + "?token=" + token).statusCode()).isEqualTo(200);
    }

    @Test
    void rangeWithValidTokenGetsExactlyThoseBytes() throws Exception {
        int from = 1_000_000;
        int to = 2_500_000;

        HttpResponse<byte[]> response = get(RecipeNginx.CONTENT_PATH + "?token=" + validToken(trusted),
                "Range", "bytes=" + from + "-" + to);

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range"))
                .contains("bytes " + from + "-" + to + "/" + RecipeServer.CONTENT_SIZE);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(nginx.content(), from, to + 1));
    }

    @Test
    void suffixRangeWithValidTokenGetsTheLastBytes() throws Exception {
        HttpResponse<byte[]> response = get(RecipeNginx.CONTENT_PATH + "?token=" + validToken(trusted), "Range", "bytes=-4096");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body())
                .isEqualTo(Arrays.copyOfRange(nginx.content(), RecipeServer.CONTENT_SIZE - 4096, RecipeServer.CONTENT_SIZE));
    }

    @Test
    void headWithValidTokenGetsTheLengthAndNoBody() throws Exception {
        HttpResponse<byte[]> response = head(RecipeNginx.CONTENT_PATH + "?token=" + validToken(trusted));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(RecipeServer.CONTENT_SIZE);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void noTokenIs401() throws Exception {
        assertThat(get(RecipeNginx.CONTENT_PATH).statusCode()).isEqualTo(401);
    }

    @Test
    void emptyTokenIs401() throws Exception {
        assertThat(get(RecipeNginx.CONTENT_PATH + "?token=").statusCode()).isEqualTo(401);
    }

    @Test
    void headWithoutTokenIs401() throws Exception {
        assertThat(head(RecipeNginx.CONTENT_PATH).statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedTokenIs403EvenWhenBothAreValid() throws Exception {
        String token = validToken(trusted);

        HttpResponse<byte[]> response = get(RecipeNginx.CONTENT_PATH + "?token=" + token + "&token=" + token);

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void unsignedTokenIs403() throws Exception {
        String unsigned = RawJws.algNone(jamfPayload(Instant.now().plus(Duration.ofMinutes(5))));

        assertThat(get(RecipeNginx.CONTENT_PATH + "?token=" + unsigned).statusCode()).isEqualTo(403);
    }

    @Test
    void expiredTokenIs403() throws Exception {
        String expired = rs256(JAMF_HEADER, jamfPayload(Instant.now().minus(Duration.ofMinutes(5))), trusted.getPrivate());

        assertThat(get(RecipeNginx.CONTENT_PATH + "?token=" + expired).statusCode()).isEqualTo(403);
    }

    @Test
    void expiredTokenIs403ForHeadAndRangeToo() throws Exception {
        String expired = rs256(JAMF_HEADER, jamfPayload(Instant.now().minus(Duration.ofMinutes(5))), trusted.getPrivate());

        assertThat(head(RecipeNginx.CONTENT_PATH + "?token=" + expired).statusCode()).isEqualTo(403);
        assertThat(get(RecipeNginx.CONTENT_PATH + "?token=" + expired, "Range", "bytes=0-99").statusCode()).isEqualTo(403);
    }

    @Test
    void tamperedPayloadIs403() throws Exception {
        String[] parts = validToken(trusted).split("\\.");
        // Same claims, one more minute of lifetime: a valid payload under a signature that no longer matches.
        String longer = RawJws.b64(jamfPayload(Instant.now().plus(Duration.ofMinutes(6))));

        HttpResponse<byte[]> response = get(RecipeNginx.CONTENT_PATH + "?token=" + parts[0] + "." + longer + "." + parts[2]);

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void tokenOfAnUnknownKeyIs403() throws Exception {
        assertThat(get(RecipeNginx.CONTENT_PATH + "?token=" + validToken(untrusted)).statusCode()).isEqualTo(403);
    }

    @Test
    void accessLogHoldsNoTokenButTheVerdict() throws Exception {
        String valid = validToken(trusted);
        get(RecipeNginx.CONTENT_PATH + "?token=" + valid);
        get(RecipeNginx.CONTENT_PATH + "?token=" + validToken(untrusted));

        String log = nginx.accessLog();

        assertThat(log).contains("\"GET " + RecipeNginx.CONTENT_PATH + " HTTP/1.1\" 200", " BAD_SIGNATURE");
        assertThat(log).doesNotContain("eyJ", "token=", valid.split("\\.")[2]);
    }

    @Test
    void errorLogNamesTheReasonAndOnlyTheRedactedToken() throws Exception {
        String expired = rs256(JAMF_HEADER, jamfPayload(Instant.now().minus(Duration.ofMinutes(7))), trusted.getPrivate());
        String[] parts = expired.split("\\.");

        get(RecipeNginx.CONTENT_PATH + "?token=" + expired);

        String line = nginx.errorLog().lines().filter(l -> l.contains(parts[1])).findFirst().orElse("");
        assertThat(line).contains("content token rejected (403 EXPIRED)", parts[0] + "." + parts[1] + ".<redacted>");
        assertThat(nginx.errorLog()).doesNotContain(parts[2]);
    }

    @Test
    void directoryUrlWithValidTokenIs404AndLeavesNoWholeTokenInTheErrorLog() throws Exception {
        String token = validToken(trusted);

        HttpResponse<byte[]> response = get(RecipeNginx.DIRECTORY_PATH + "?token=" + token);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(nginx.errorLog()).doesNotContain(token.split("\\.")[2]);
    }

    @Test
    void rejectionAfterTheSignatureCheckLogsNoWarnings() throws Exception {
        String expired = rs256(JAMF_HEADER, jamfPayload(Instant.now().minus(Duration.ofMinutes(8))), trusted.getPrivate());

        get(RecipeNginx.CONTENT_PATH + "?token=" + expired);

        assertThat(nginx.errorLog()).contains("403 EXPIRED").doesNotContain("[warn]");
    }

    @Test
    void proxiedRequestReachesTheUpstreamWithoutTheToken() throws Exception {
        HttpResponse<byte[]> response = get(RecipeNginx.PROXIED_PATH + "?a=1&token=" + validToken(trusted) + "&b=%20x");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(nginx.content());
        assertThat(nginx.originLog()).contains("GET " + RecipeNginx.PROXIED_PATH + "?a=1&b=%20x").doesNotContain("token");
    }

    @Test
    void proxiedRequestWithoutTokenNeverReachesTheUpstream() throws Exception {
        HttpResponse<byte[]> response = get(RecipeNginx.PROXIED_PATH + "?marker=never-proxied");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(nginx.originLog()).doesNotContain("never-proxied");
    }
}
