package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RawJws;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** web-server/apache in a real Apache httpd with mod_oauth2; the differences are those its README lists. */
class ApacheRecipeTest extends StockRecipeTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void traceIsRefusedAndEchoesNoToken() throws Exception {
        String token = validToken();
        String signature = token.substring(token.lastIndexOf('.') + 1);

        HttpResponse<String> withToken = send("TRACE", server().uri(RecipeServer.CONTENT_PATH + "?token=" + token));
        HttpResponse<String> without = send("TRACE", server().uri(RecipeServer.CONTENT_PATH));

        assertThat(withToken.statusCode()).isEqualTo(405);
        assertThat(withToken.body()).doesNotContain(signature);
        assertThat(without.statusCode()).isEqualTo(405);
    }

    @Test
    void theShapesJamfProOrAProxyMaySendAreServed() throws Exception {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300);
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("typ JWT", RawJws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims + "}", signingKey()));
        shapes.put("typ JWT first", RawJws.rs256("{\"typ\":\"JWT\",\"alg\":\"RS256\"}", claims + "}", signingKey()));
        shapes.put("iat in the past", RawJws.rs256("{\"alg\":\"RS256\"}", claims + ",\"iat\":" + (now - 10) + "}", signingKey()));
        shapes.put("claims reordered, a jti, typ", RawJws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                "{\"jti\":\"a1b2c3\",\"exp\":" + (now + 300) + ",\"iat\":" + (now - 10) + ",\"iss\":\"JSS\",\"sub\":\"AppManifest\"}", signingKey()));

        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Map.Entry<String, String> shape : shapes.entrySet()) {
            statuses.put(shape.getKey(), send("GET", server().uri(RecipeServer.CONTENT_PATH + "?token=" + shape.getValue())).statusCode());
        }

        assertThat(statuses).allSatisfy((name, status) -> assertThat(status).as(name).isEqualTo(200));
        // mod_oauth2's per-request warning about a token without iat is silenced (LogLevel oauth2:error).
        send("GET", server().uri(RecipeServer.CONTENT_PATH + "?token=" + validToken()));
        assertThat(server().errorLog()).doesNotContain("[oauth2:warn]");
    }

    private HttpResponse<String> send(String method, URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whose packages the recipe runs on: the machine's own (a subclass runs it on Debian 13's). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Override
    RecipeServer start(Path dir, List<RSAPublicKey> keys) throws IOException {
        return RecipeApache.start(root(), dir, keys);
    }

    @Override
    Set<String> servedBadTokens() {
        return Set.of(
                // No lifetime cap in mod_oauth2, and Apache expressions cannot compute with time.
                "exp at the end of time",
                "lifetime beyond 120 minutes plus skew",
                // cjose's JSON and base64url parsing is more lenient than the library's.
                "duplicate exp in the payload",
                "duplicate iss in the payload",
                "non-canonical trailing bits in the signature",
                "payload JSON nested 100 deep");
    }

    @Override
    Set<String> refusedValidTokens() {
        return Set.of(
                // No clock skew for exp in mod_oauth2.
                "expired 30 s ago, within the 60 s skew",
                // The recipe accepts Jamf Pro's header {"alg":"RS256"} only.
                "jku present but ignored (signed by the trusted key)",
                "kid = RFC 7638 thumbprint of the trusted key",
                "kid = thumbprint",
                // The recipe refuses every token with nbf (mod_oauth2 does not check it; Jamf Pro never sets it).
                "nbf 30 s ahead, within the skew",
                "nbf and iat in the past");
    }

    @Override
    Set<String> wycheproofDifferences() {
        return Set.of();
    }

    @Override
    Set<String> refusedAcceptedShapes() {
        return Set.of(
                // Only the spelling Jamf Pro uses, token=<base64url>, is read.
                "name in mixed case",
                "name in upper case",
                "name percent-encoded",
                "value percent-encoded");
    }
}
