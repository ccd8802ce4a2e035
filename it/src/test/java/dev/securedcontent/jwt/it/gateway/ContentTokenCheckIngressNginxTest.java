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
 * ingress-nginx generates for an Ingress annotated with {@code auth-url} (controller v1.15,
 * rootfs/etc/nginx/template/nginx.tmpl), rendered for Debian's nginx: its Lua and the controller's
 * own variables left out, every header it sets and passes kept. ingress-nginx cannot run here; the
 * nginx directives it generates can. Without an {@code auth-method} annotation that location sets
 * {@code X-Original-URL} but not {@code X-Original-URI}, and passes the client's own headers on.
 */
class ContentTokenCheckIngressNginxTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * The location ingress-nginx's template makes for {@code auth-url: http://CHECK/} (no cache key,
     * no snippet, the default buffer sizes), with {@code auth-method: GET} when {@code method}.
     */
    static String authLocation(int checkPort, boolean method) {
        return "    location = /_external-auth-Lw-Prefix {\n"
                + "      internal;\n"
                + "      access_log off;\n"
                + "      proxy_intercept_errors off;\n"
                + "      proxy_pass_request_body off;\n"
                + "      proxy_set_header Content-Length \"\";\n"
                + "      proxy_set_header X-Forwarded-Proto \"\";\n"
                + "      proxy_set_header X-Request-ID $request_id;\n"
                + (method ? "      proxy_method GET;\n"
                        + "      proxy_set_header X-Original-URI $request_uri;\n"
                        + "      proxy_set_header X-Scheme $scheme;\n" : "")
                + "      proxy_set_header Host content-token-check.downloads.svc.cluster.local;\n"
                + "      proxy_set_header X-Original-URL $scheme://$http_host$request_uri;\n"
                + "      proxy_set_header X-Original-Method $request_method;\n"
                + "      proxy_set_header X-Sent-From \"nginx-ingress-controller\";\n"
                + "      proxy_set_header X-Real-IP $remote_addr;\n"
                + "      proxy_set_header X-Forwarded-For $remote_addr;\n"
                + "      proxy_set_header X-Auth-Request-Redirect $request_uri;\n"
                + "      proxy_buffering off;\n"
                + "      proxy_buffer_size 4k;\n"
                + "      proxy_buffers 4 4k;\n"
                + "      proxy_request_buffering on;\n"
                + "      proxy_ssl_server_name on;\n"
                + "      proxy_pass_request_headers on;\n"
                + "      client_max_body_size 1m;\n"
                + "      set $target http://127.0.0.1:" + checkPort + "/;\n"
                + "      proxy_pass $target;\n"
                + "    }\n";
    }

    @ParameterizedTest(name = "auth-method annotation: {0}")
    @ValueSource(booleans = {false, true})
    void everyValidShapeIsServedAndAClientsOwnOriginalUriHeaderIsRefused(boolean method, @TempDir Path dir) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), new byte[4096]);
        try (ContentTokenJar check = ContentTokenJar.start(dir, "check",
                List.of("--keys", ContentTokenJar.keyFile(dir, List.of(keys.getPublic())).toString()));
                PlainNginx ingress = PlainNginx.start(Files.createDirectories(dir.resolve("nginx")), "",
                        authLocation(check.port(), method)
                                + "    location / {\n"
                                + "      auth_request /_external-auth-Lw-Prefix;\n"
                                + "      auth_request_set $auth_cookie $upstream_http_set_cookie;\n"
                                + "      add_header Set-Cookie $auth_cookie;\n"
                                + "      root " + dir.resolve("www") + ";\n"
                                + "    }\n")) {
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
