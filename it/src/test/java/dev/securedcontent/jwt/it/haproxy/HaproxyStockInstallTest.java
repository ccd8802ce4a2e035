package dev.securedcontent.jwt.it.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.it.EnforcementPoints;
import dev.securedcontent.jwt.it.JamfTokenShapes;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import dev.securedcontent.jwt.it.StockInstall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * web-server/haproxy installed as its README says on the package's stock haproxy.cfg
 * ({@link RecipeHaproxy}: the stock file followed by the README's frontend, literally; only
 * addresses and paths changed): every shape Jamf Pro may send served and every neighbour past the
 * limits refused, the log lines its Logs section shows, a strict audit, and afterwards no whole
 * token in any file HAProxy or its syslog wrote.
 */
class HaproxyStockInstallTest {

    /** Whose packages and stock haproxy.cfg: the machine's own (a subclass: Debian 13's root). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Test
    void theReadmeStepsOnDebiansStockConfigurationServeEveryValidShapeLogNoTokenAndPassTheAudit(@TempDir Path dir) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Map<String, String> valid = JamfTokenShapes.valid(keys, Clock.systemUTC());
        Map<String, String> refused = JamfTokenShapes.refused(keys, Clock.systemUTC());
        Map<String, String> sent = new LinkedHashMap<>(valid);
        sent.putAll(refused);
        sent.put("another key's", BadTokenCorpus.jamfToken(BadTokenCorpus.newKeyPair().getPrivate(), Clock.systemUTC()));
        try (RecipeHaproxy haproxy = RecipeHaproxy.start(root(), dir, List.of((RSAPublicKey) keys.getPublic()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Map<String, Integer> statuses = new LinkedHashMap<>();
            sent.forEach((name, token) -> statuses.put(name, status(http, haproxy, "?token=" + token)));
            statuses.put("no token", status(http, haproxy, ""));

            assertThat(valid.keySet()).allSatisfy(name -> assertThat(statuses.get(name)).as(name).isEqualTo(206));
            assertThat(refused.keySet()).allSatisfy(name -> assertThat(statuses.get(name)).as(name).isEqualTo(403));
            assertThat(statuses.get("another key's")).isEqualTo(403);
            assertThat(statuses.get("no token")).isEqualTo(401);
            // The README's Logs section: path, status, bytes and verdict, never the query.
            assertThat(haproxy.accessLog(statuses.size()))
                    .containsPattern("downloads GET " + RecipeServer.CONTENT_PATH + " 206 \\d+ content_token=accepted")
                    .containsPattern("downloads GET " + RecipeServer.CONTENT_PATH + " 403 \\d+ content_token=EXPIRED")
                    .containsPattern("downloads GET " + RecipeServer.CONTENT_PATH + " 401 \\d+ content_token=MISSING")
                    .doesNotContain("token=ey");

            StockInstall.auditStrictly((RSAPrivateCrtKey) keys.getPrivate(), haproxy.uri(RecipeServer.CONTENT_PATH),
                    EnforcementPoints.HAPROXY.matrix().open().keySet());

            // Its configuration, output and syslog lines (every message, the audit's requests too).
            Path written = haproxy.configDir().getParent().getParent();
            assertThat(StockInstall.filesHoldingATokenIn(written, sent, f -> false)).isEmpty();
            assertThat(haproxy.originRequestUris()).noneMatch(uri -> uri.contains("token="));
        }
    }

    private static int status(HttpClient http, RecipeHaproxy haproxy, String query) {
        try {
            return http.send(HttpRequest.newBuilder(haproxy.uri(RecipeServer.CONTENT_PATH + query)).header("Range", "bytes=0-15")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
