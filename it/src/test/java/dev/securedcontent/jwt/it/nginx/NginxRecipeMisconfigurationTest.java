package dev.securedcontent.jwt.it.nginx;

import static dev.securedcontent.jwt.core.BadTokenCorpus.jamfPayload;
import static dev.securedcontent.jwt.core.RawJws.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.it.RecipeServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With unusable keys the recipe fails closed (500 for every request) and says why in the error log. */
class NginxRecipeMisconfigurationTest {
    @TempDir
    Path dir;

    private static KeyPair keyPair(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static int statusWithValidToken(RecipeNginx nginx, KeyPair keys) throws Exception {
        String token = rs256("{\"alg\":\"RS256\"}", jamfPayload(Instant.now().plus(Duration.ofMinutes(5))), keys.getPrivate());
        HttpRequest request = HttpRequest.newBuilder(nginx.uri(RecipeNginx.CONTENT_PATH + "?token=" + token)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void privateKeyInTheKeyFileFailsClosedAndNamesTheFix() throws Exception {
        KeyPair keys = keyPair(2048);
        Path file = dir.resolve("jamf.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        try (RecipeNginx nginx = RecipeNginx.start(dir, file.toString())) {
            assertThat(statusWithValidToken(nginx, keys)).isEqualTo(500);
            assertThat(nginx.errorLog()).contains(file + " holds a private key", "-pubout");
        }
    }

    @Test
    void keyUnder2048BitsFailsClosed() throws Exception {
        KeyPair keys = keyPair(1024);
        Path file = dir.resolve("small.pem");
        Files.writeString(file, RecipeServer.pem(keys.getPublic()));

        try (RecipeNginx nginx = RecipeNginx.start(dir, file.toString())) {
            assertThat(statusWithValidToken(nginx, keys)).isEqualTo(500);
            assertThat(nginx.errorLog()).contains(file + ": RSA key is 1024 bits; RS256 needs 2048 or more");
        }
    }

    @Test
    void missingKeyPathFailsClosed() throws Exception {
        Path missing = dir.resolve("no-such-keys");

        try (RecipeNginx nginx = RecipeNginx.start(dir, missing.toString())) {
            assertThat(statusWithValidToken(nginx, keyPair(2048))).isEqualTo(500);
            assertThat(nginx.errorLog()).contains("content token check failed", missing + " from $content_token_keys does not exist");
        }
    }

    @Test
    void errorLogHoldsNoWholeTokenWhileKeysAreMisconfigured() throws Exception {
        KeyPair keys = keyPair(2048);
        String token = rs256("{\"alg\":\"RS256\"}", jamfPayload(Instant.now().plus(Duration.ofMinutes(5))), keys.getPrivate());
        String signature = token.substring(token.lastIndexOf('.') + 1);

        try (RecipeNginx nginx = RecipeNginx.start(dir, dir.resolve("no-such-keys").toString())) {
            HttpRequest request = HttpRequest.newBuilder(nginx.uri(RecipeNginx.CONTENT_PATH + "?token=" + token)).build();
            int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();

            assertThat(status).isEqualTo(500);
            assertThat(nginx.errorLog()).contains("content token check failed").doesNotContain(signature);
        }
    }

    @Test
    void fileWithoutAPublicKeyFailsClosed() throws Exception {
        Path file = dir.resolve("empty.pem");
        Files.writeString(file, "not a key\n");

        try (RecipeNginx nginx = RecipeNginx.start(dir, file.toString())) {
            assertThat(statusWithValidToken(nginx, keyPair(2048))).isEqualTo(500);
            assertThat(nginx.errorLog()).contains(file + " holds no PEM public key");
        }
    }
}
