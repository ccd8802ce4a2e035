package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.RawJws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** web-server/haproxy in a real HAProxy in front of an unchecked origin; the differences are those its README lists. */
class HaproxyRecipeTest extends StockRecipeTest {

    /** Whose packages the recipe runs on: the machine's own (a subclass runs it on Debian 13's). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Test
    void theOriginGetsThePathWithoutTheToken() throws Exception {
        String token = validToken();
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server().uri(RecipeServer.CONTENT_PATH + "?a=1&token=" + token)).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(((RecipeHaproxy) server()).originRequestUris()).isNotEmpty()
                .allSatisfy(uri -> assertThat(uri).isEqualTo(RecipeServer.CONTENT_PATH));
    }

    @Test
    void theReadmeStepsOnDebiansStockConfigurationPassHaproxysCheckWithoutAWarning() throws Exception {
        Process check = new ProcessBuilder(haproxy().checkCommand()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor()).as(output).isZero();
        assertThat(output).doesNotContain("WARNING", "ALERT").contains("Configuration file is valid");
        assertThat(Files.readString(haproxy().configDir().resolve("haproxy.cfg")))
                .as("Debian's stock configuration, with the README's frontend").contains("option\thttplog", "frontend downloads from content-token");
    }

    @Test
    void eachRequestIsLoggedThroughSyslogWithPathStatusAndVerdictAndNoToken() {
        String valid = validToken();
        String expired = RawJws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                BadTokenCorpus.jamfPayload(Instant.now().minusSeconds(3600)), trusted().getPrivate());
        int before = (int) server().accessLog(0).lines().filter(l -> l.contains(" content_token=")).count();

        assertThat(status("?token=" + valid)).isEqualTo(206);
        assertThat(status("?token=" + expired)).isEqualTo(403);
        assertThat(status("")).isEqualTo(401);
        String log = server().accessLog(before + 3);

        assertThat(log).containsPattern("haproxy\\[\\d+\\]: 127\\.0\\.0\\.1 \\[[^]]+\\] downloads GET "
                + RecipeServer.CONTENT_PATH + " 206 \\d+ content_token=accepted")
                .containsPattern("downloads GET " + RecipeServer.CONTENT_PATH + " 403 \\d+ content_token=EXPIRED")
                .containsPattern("downloads GET " + RecipeServer.CONTENT_PATH + " 401 \\d+ content_token=MISSING");
        for (String token : List.of(valid, expired)) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertThat(server().errorLog()).doesNotContain(signature);
            assertThat(((RecipeHaproxy) server()).originRequestUris()).noneMatch(uri -> uri.contains(signature));
        }
    }

    @Test
    void aSemicolonCannotMakeHaproxyCheckAnotherTokenThanTheOneTheChainReads() {
        String valid = validToken();
        String expired = RawJws.rs256("{\"alg\":\"RS256\"}",
                BadTokenCorpus.jamfPayload(Instant.now().minusSeconds(3600)), trusted().getPrivate());

        assertThat(status("?x=1;token=" + valid)).isEqualTo(403);
        assertThat(status("?token=" + valid + ";token=" + expired)).isEqualTo(403);
        assertThat(status("?token=" + expired + ";token=" + valid)).isEqualTo(403);
        assertThat(status("?token=" + valid + ";x=1")).isEqualTo(403);
        assertThat(status("?a=1;b=2&token=" + valid)).as("a ';' elsewhere is the origin's business").isEqualTo(206);
    }

    @Test
    void tokensOnlyTheKeyHolderCanMakeThatHaproxysJsonReaderWouldMisreadAreRefused() {
        long now = Instant.now().getEpochSecond();
        PrivateKey key = trusted().getPrivate();
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("nbf an array holding a future time", "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300)
                + ",\"nbf\":[" + (now + 3600) + "]}");
        payloads.put("nbf a string", "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":\"" + (now + 3600) + "\"}");
        payloads.put("iat an object", "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"iat\":{\"t\":1}}");
        payloads.put("iss JSS, then iss evil", "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"iss\":\"evil\",\"exp\":" + (now + 300) + "}");
        payloads.put("exp ahead, then exp long past", "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300)
                + ",\"exp\":" + (now - 86_400) + "}");
        payloads.put("iss JSS, then an escaped iss evil", "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"\\u0069ss\":\"evil\",\"exp\":"
                + (now + 300) + "}");
        payloads.put("an escaped nbf name, far ahead", "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300)
                + ",\"n\\u0062f\":" + (now + 3600) + "}");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("alg RS256, then an escaped alg none", "{\"alg\":\"RS256\",\"\\u0061lg\":\"none\"}");
        headers.put("typ twice", "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"typ\":\"x\"}");
        headers.put("an escaped crit name", "{\"alg\":\"RS256\",\"\\u0063rit\":[\"x\"],\"x\":1}");
        headers.put("zip", "{\"alg\":\"RS256\",\"zip\":\"DEF\"}");
        headers.put("kid a number", "{\"alg\":\"RS256\",\"kid\":1}");

        Map<String, Integer> statuses = new LinkedHashMap<>();
        payloads.forEach((name, payload) -> statuses.put(name, status("?token=" + RawJws.rs256("{\"alg\":\"RS256\"}", payload, key))));
        headers.forEach((name, header) -> statuses.put(name, status("?token="
                + RawJws.rs256(header, BadTokenCorpus.jamfPayload(Instant.now().plusSeconds(300)), key))));

        assertThat(statuses).allSatisfy((name, status) -> assertThat(status).as(name).isEqualTo(403));
    }

    @Test
    void everyShapeJamfProMaySendIsServedAndTheNeighboursPastTheLimitsRefused() {
        Map<String, Integer> valid = new LinkedHashMap<>();
        JamfTokenShapes.valid(trusted(), Clock.systemUTC()).forEach((name, token) -> valid.put(name, status("?token=" + token)));
        Map<String, Integer> refused = new LinkedHashMap<>();
        JamfTokenShapes.refused(trusted(), Clock.systemUTC()).forEach((name, token) -> refused.put(name, status("?token=" + token)));

        assertThat(valid).allSatisfy((name, status) -> assertThat(status).as(name).isEqualTo(206));
        assertThat(refused).allSatisfy((name, status) -> assertThat(status).as(name).isEqualTo(403));
    }

    /** The status of a Range GET of the content with {@code query} (raw, with its '?'). */
    private int status(String query) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server().uri(RecipeServer.CONTENT_PATH + query))
                    .header("Range", "bytes=0-15").build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RecipeHaproxy haproxy() {
        return (RecipeHaproxy) server();
    }

    @Override
    RecipeServer start(Path dir, List<RSAPublicKey> keys) throws IOException {
        return RecipeHaproxy.start(root(), dir, keys);
    }

    @Override
    Set<String> servedBadTokens() {
        return Set.of(
                // HAProxy cannot compute a key's RFC 7638 thumbprint: kid is not matched; needs the private key.
                "kid unknown, signed by the trusted key",
                // HAProxy's JSON reader is more lenient than the library's; each needs the private key.
                "payload lone surrogate escape",
                "payload with a comment",
                "payload with a trailing comma",
                "two JSON objects in the payload",
                // OpenSSL's base64url decoding ignores the unused low bits of the last character.
                "non-canonical trailing bits in the signature");
    }

    @Override
    Set<String> refusedValidTokens() {
        return Set.of(
                // iss and sub are matched as written, as Jamf Pro writes them.
                "escaped but equal sub (\\u0041ppManifest)");
    }

    @Override
    Set<String> wycheproofDifferences() {
        return Set.of();
    }

    @Override
    Set<String> refusedAcceptedShapes() {
        return Set.of(
                // Only the name Jamf Pro uses, token, is read (its value percent-decoded).
                "name in mixed case",
                "name in upper case",
                "name percent-encoded");
    }
}
