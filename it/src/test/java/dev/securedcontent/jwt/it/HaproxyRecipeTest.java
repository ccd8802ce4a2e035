package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
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

    @Override
    RecipeServer start(Path dir, List<RSAPublicKey> keys) throws IOException {
        return RecipeHaproxy.start(root(), dir, keys);
    }

    @Override
    Set<String> servedBadTokens() {
        return Set.of(
                // HAProxy's JSON reader is more lenient than the library's; each needs the private key.
                "duplicate exp in the payload",
                "payload JSON nested 100 deep",
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
                "escaped but equal sub (\\u0041ppManifest)",
                // The recipe accepts Jamf Pro's header {"alg":"RS256"} only.
                "jku present but ignored (signed by the trusted key)",
                "kid = RFC 7638 thumbprint of the trusted key",
                "kid = thumbprint",
                "typ JWT in the header");
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
