package dev.securedcontent.jwt.it.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.it.RecipeServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe's verdict cache answers repeated requests without a new check, and its answer is
 * always the one a fresh check would give: an allow ends when the token expires, a key removed
 * before a reload counts for nothing after it, refusals are never remembered, and nothing a
 * client sends can pick the keys.
 */
class NginxVerdictCacheTest {
    /** ContentTokenVerifier's and the recipe's clock-skew allowance. */
    private static final Duration SKEW = Duration.ofSeconds(60);

    /** One worker: every request meets the same verdict cache (each worker keeps its own). */
    private static final int WORKERS = 1;

    @TempDir
    Path dir;

    /** nginx with one verdict cache, accepting the keys of {@code keyFiles} (file name to key pair), all in one directory. */
    private RecipeNginx start(Map<String, KeyPair> keyFiles) throws Exception {
        Path keyDir = Files.createDirectories(dir.resolve("keys"));
        for (Map.Entry<String, KeyPair> e : keyFiles.entrySet()) {
            Files.writeString(keyDir.resolve(e.getKey()), RecipeServer.pem(e.getValue().getPublic()));
        }
        return RecipeNginx.startServers(dir, List.of(keyDir + "/"), WORKERS);
    }

    private static HttpResponse<Void> get(HttpClient http, RecipeNginx nginx, String token, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(nginx.uri(RecipeNginx.CONTENT_PATH + "?token=" + token))
                .header("Range", "bytes=0-0");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Test
    void cachedAllowEndsWhenTheTokenExpires() throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();

        try (RecipeNginx nginx = start(Map.of("jamf.pem", keys))) {
            assertCachedAllowEndsWhenTheTokenExpires(nginx, keys);
        }
    }

    @Test
    void proxyCacheSettingsOfTheHttpBlockChangeNoVerdict() throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        KeyPair added = BadTokenCorpus.newKeyPair();
        String addedToken = ContentTokenSigner.builder(added.getPrivate()).build().sign();
        Path keyDir = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keyDir.resolve("jamf.pem"), RecipeServer.pem(keys.getPublic()));
        // What an admin may have set for other proxied locations; each would cache refusals,
        // keep allows past exp or serve them stale.
        String adminSettings = """
                proxy_cache_valid any 10m;
                proxy_ignore_headers X-Accel-Expires;
                proxy_cache_use_stale error timeout updating http_403 http_500;
                proxy_cache_background_update on;
                proxy_intercept_errors on;
                """;

        try (RecipeNginx nginx = RecipeNginx.startServers(dir, List.of(keyDir + "/"), WORKERS, adminSettings)) {
            HttpClient http = newClient();
            assertThat(get(http, nginx, addedToken).statusCode()).isEqualTo(403);
            Files.writeString(keyDir.resolve("added.pem"), RecipeServer.pem(added.getPublic()));
            assertThat(get(http, nginx, addedToken).statusCode()).as("refusal not cached").isEqualTo(206);

            assertCachedAllowEndsWhenTheTokenExpires(nginx, keys);
        }
    }

    /** A token signed by {@code keys}, allowed and cached now, is refused once exp + skew has passed. */
    private static void assertCachedAllowEndsWhenTheTokenExpires(RecipeNginx nginx, KeyPair keys) throws Exception {
        // nginx's clock cannot be injected, so the signer's clock is: set back so that the token,
        // valid now, is refused (from exp + skew on, exp in whole seconds) a few seconds from now.
        Instant refusedFrom = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 4);
        Instant exp = refusedFrom.minus(SKEW);
        Duration expiry = ContentTokenSigner.MIN_JAMF_EXPIRY;
        String token = ContentTokenSigner.builder(keys.getPrivate()).expiry(expiry)
                .clock(Clock.fixed(exp.minus(expiry), ZoneOffset.UTC)).build().sign();
        HttpClient http = newClient();
        long cachedBefore = nginx.verdictCacheEntries();

        assertThat(get(http, nginx, token).statusCode()).isEqualTo(206);
        assertThat(nginx.verdictCacheEntries()).as("allows in the verdict cache").isEqualTo(cachedBefore + 1);

        // Until just before exp + skew every answer is an allow (cached or fresh); the loop is the
        // wait for nginx's clock, which only real time moves.
        List<Integer> before = new ArrayList<>();
        while (Instant.now().isBefore(refusedFrom.minusMillis(500))) {
            before.add(get(http, nginx, token).statusCode());
        }
        Instant margin = refusedFrom.plusSeconds(1);
        while (Instant.now().isBefore(margin)) {
            get(http, nginx, token);
        }
        HttpResponse<Void> after = get(http, nginx, token);

        assertThat(before).isNotEmpty().containsOnly(206);
        assertThat(after.statusCode()).isEqualTo(403);
        assertThat(after.headers().firstValue(RejectionReason.HEADER)).contains("EXPIRED");
    }

    @Test
    void keyRemovedBeforeAReloadRefusesTokensWhoseAllowWasCached() throws Exception {
        KeyPair kept = BadTokenCorpus.newKeyPair();
        KeyPair retired = BadTokenCorpus.newKeyPair();
        String keptToken = ContentTokenSigner.builder(kept.getPrivate()).build().sign();
        String retiredToken = ContentTokenSigner.builder(retired.getPrivate()).build().sign();

        try (RecipeNginx nginx = start(Map.of("kept.pem", kept, "retired.pem", retired))) {
            HttpClient http = newClient();
            assertThat(get(http, nginx, keptToken).statusCode()).isEqualTo(206);
            assertThat(get(http, nginx, retiredToken).statusCode()).isEqualTo(206);
            assertThat(nginx.verdictCacheEntries()).isEqualTo(2);

            Files.delete(dir.resolve("keys/retired.pem"));
            nginx.reload();

            HttpClient afterReload = newClient();
            HttpResponse<Void> retiredAfter = get(afterReload, nginx, retiredToken);
            assertThat(retiredAfter.statusCode()).isEqualTo(403);
            assertThat(retiredAfter.headers().firstValue(RejectionReason.HEADER)).contains("BAD_SIGNATURE");
            assertThat(get(afterReload, nginx, keptToken).statusCode()).isEqualTo(206);
        }
    }

    @Test
    void refusedTokensAreNeverCached() throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        String valid = ContentTokenSigner.builder(keys.getPrivate()).build().sign();
        String unsigned = valid.substring(0, valid.lastIndexOf('.') + 1);
        HttpClient http = newClient();

        try (RecipeNginx nginx = start(Map.of("jamf.pem", keys))) {
            for (int i = 0; i < 20; i++) {
                String badSignature = ContentTokenSigner.builder(BadTokenCorpus.newKeyPair().getPrivate()).build().sign();
                assertThat(get(http, nginx, badSignature).statusCode()).isEqualTo(403);
            }
            assertThat(get(http, nginx, unsigned).statusCode()).isEqualTo(403);

            assertThat(nginx.verdictCacheEntries()).isZero();
        }
    }

    @Test
    void longRequestUriIsCachedAndLeavesNoWholeTokenInTheErrorLog() throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        String token = ContentTokenSigner.builder(keys.getPrivate()).build().sign();
        // Close to the 8 KiB request line nginx accepts by default.
        String longToken = token + "&other=" + "x".repeat(7_000);

        try (RecipeNginx nginx = start(Map.of("jamf.pem", keys))) {
            assertThat(get(newClient(), nginx, longToken).statusCode()).isEqualTo(206);

            assertThat(nginx.verdictCacheEntries()).isEqualTo(1);
            assertThat(nginx.errorLog()).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    @Test
    void keysNamedByTheClientAreIgnored() throws Exception {
        KeyPair server = BadTokenCorpus.newKeyPair();
        KeyPair attacker = BadTokenCorpus.newKeyPair();
        Path attackerKeys = Files.createDirectories(dir.resolve("attacker-keys"));
        Files.writeString(attackerKeys.resolve("attacker.pem"), RecipeServer.pem(attacker.getPublic()));
        String token = ContentTokenSigner.builder(attacker.getPrivate()).build().sign();

        try (RecipeNginx nginx = start(Map.of("jamf.pem", server))) {
            HttpResponse<Void> response = get(newClient(), nginx, token,
                    "X-Content-Token-Keys", attackerKeys + "/", "X-Content-Token-Uri", "/?token=" + token);

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue(RejectionReason.HEADER)).contains("BAD_SIGNATURE");
        }
    }
}
