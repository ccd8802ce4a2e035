package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.it.EnforcementPoints;
import dev.securedcontent.jwt.it.StockInstall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/content-token.md's Kubernetes ingress-nginx setup: {@code check} behind the auth location
 * ingress-nginx generates for an Ingress annotated with {@code auth-url}
 * (ContentTokenJar.ingressNginxInFrontOfCheck), on Debian's nginx. ingress-nginx cannot run here;
 * the nginx directives it generates can. Without an {@code auth-method} annotation that location
 * sets {@code X-Original-URL} but not {@code X-Original-URI}, and passes the client's own headers
 * on. (Its verdicts on every bad token: EnforcementPointParity, as CHECK_INGRESS_NGINX.)
 */
class ContentTokenCheckIngressNginxTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest(name = "auth-method annotation: {0}")
    @ValueSource(booleans = {false, true})
    void everyValidShapeIsServedAndAClientsOwnOriginalUriHeaderIsRefused(boolean method, @TempDir Path dir) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), new byte[4096]);
        try (ContentTokenJar check = ContentTokenJar.start(dir, "check",
                List.of("--keys", ContentTokenJar.keyFile(dir, List.of(keys.getPublic())).toString()));
                PlainNginx ingress = ContentTokenJar.ingressNginxInFrontOfCheck(dir, check.port(), method)) {
            URI url = ingress.uri("/apps/App.pkg");
            StockInstall.EveryShape.send(keys, url, uri -> StockInstall.rangeGet(HTTP, uri));

            // The client's own X-Original-URI, on a URL without a token: without auth-method ingress-nginx passes it
            // on, beside the X-Original-URL it sets, and the check refuses the two as naming different requests;
            // with auth-method it sets X-Original-URI itself, in the client's header's place. (ingress-nginx hands the
            // client no header of the check's unless annotated with auth-response-headers.)
            String token = BadTokenCorpus.jamfToken(keys.getPrivate(), Clock.systemUTC());
            HttpResponse<Void> injected = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("X-Original-URI", "/apps/App.pkg?token=" + token).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(injected.statusCode()).isEqualTo(method ? 401 : 403);
            assertThat(ingress.errorLog()).doesNotContain("auth request unexpected status");

            StockInstall.auditStrictly((RSAPrivateCrtKey) keys.getPrivate(), url,
                    EnforcementPoints.CHECK_NGINX.matrix().open().keySet());
        }
    }
}
