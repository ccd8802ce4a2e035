package dev.securedcontent.jwt.it.nginx;

import static dev.securedcontent.jwt.core.BadTokenCorpus.jamfPayload;
import static dev.securedcontent.jwt.core.RawJws.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.it.RecipeServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One nginx serving two tenants, each server with its own $content_token_keys: a server accepts
 * only its own keys' tokens, and one server's broken key setting leaves the other one working.
 */
class NginxRecipeTenantsTest {
    private static final int TENANT_A = 0;
    private static final int TENANT_B = 1;
    /** One worker: every request meets the same verdict cache, so a verdict crossing servers would show. */
    private static final int WORKERS = 1;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String validToken(KeyPair keys) {
        return rs256("{\"alg\":\"RS256\"}", jamfPayload(Instant.now().plus(Duration.ofMinutes(5))), keys.getPrivate());
    }

    private HttpResponse<Void> get(RecipeNginx nginx, int server, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(nginx.uri(server, RecipeNginx.CONTENT_PATH + query)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    private Path keyDir(String name, KeyPair keys) throws Exception {
        Path keyDir = Files.createDirectories(dir.resolve(name));
        Files.writeString(keyDir.resolve("jamf.pem"), RecipeServer.pem(keys.getPublic()));
        return keyDir;
    }

    @Test
    void eachServerAcceptsOnlyItsOwnKeysTokens() throws Exception {
        KeyPair keysA = BadTokenCorpus.newKeyPair();
        KeyPair keysB = BadTokenCorpus.newKeyPair();
        List<String> settings = List.of(keyDir("keys-a", keysA) + "/", keyDir("keys-b", keysB) + "/");

        String tokenA = validToken(keysA);
        String tokenB = validToken(keysB);

        try (RecipeNginx nginx = RecipeNginx.startServers(dir, settings, WORKERS)) {
            // Each token is allowed (and its verdict cached) on its own server before the other server is asked.
            HttpResponse<Void> ownOnA = get(nginx, TENANT_A, "?token=" + tokenA);
            HttpResponse<Void> otherOnB = get(nginx, TENANT_B, "?token=" + tokenA);
            HttpResponse<Void> ownOnB = get(nginx, TENANT_B, "?token=" + tokenB);
            HttpResponse<Void> otherOnA = get(nginx, TENANT_A, "?token=" + tokenB);

            assertThat(ownOnA.statusCode()).as("server A, A's token").isEqualTo(200);
            assertThat(ownOnB.statusCode()).as("server B, B's token").isEqualTo(200);
            assertThat(otherOnA.statusCode()).as("server A, B's token").isEqualTo(403);
            assertThat(otherOnA.headers().firstValue(RejectionReason.HEADER)).contains("BAD_SIGNATURE");
            assertThat(otherOnB.statusCode()).as("server B, A's token").isEqualTo(403);
            assertThat(otherOnB.headers().firstValue(RejectionReason.HEADER)).contains("BAD_SIGNATURE");
        }
    }

    @Test
    void noTokenIs401OnBothServers() throws Exception {
        List<String> settings = List.of(keyDir("keys-a", BadTokenCorpus.newKeyPair()) + "/",
                keyDir("keys-b", BadTokenCorpus.newKeyPair()) + "/");

        try (RecipeNginx nginx = RecipeNginx.startServers(dir, settings, WORKERS)) {
            assertThat(get(nginx, TENANT_A, "").statusCode()).isEqualTo(401);
            assertThat(get(nginx, TENANT_B, "").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void unreadableKeyPathOfOneServerLeavesTheOtherServing() throws Exception {
        KeyPair keysB = BadTokenCorpus.newKeyPair();
        Path missing = dir.resolve("no-such-keys");
        List<String> settings = List.of(missing.toString(), keyDir("keys-b", keysB) + "/");

        try (RecipeNginx nginx = RecipeNginx.startServers(dir, settings, WORKERS)) {
            assertThat(get(nginx, TENANT_A, "?token=" + validToken(keysB)).statusCode()).as("server A, keys missing")
                    .isEqualTo(500);
            assertThat(get(nginx, TENANT_B, "?token=" + validToken(keysB)).statusCode()).as("server B")
                    .isEqualTo(200);
            assertThat(nginx.errorLog()).contains(missing + " from $content_token_keys does not exist");
        }
    }
}
