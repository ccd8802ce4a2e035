package dev.securedcontent.jwt.it.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.it.RecipeServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe's check budget: checks the verdict cache cannot answer are limited per key setting,
 * and each client address gets a share of that, so a flood of bad tokens cannot take the server
 * from everyone else. Over the budget a new token gets 503 with Retry-After (never an allow, never
 * the token in a log), while downloads already allowed keep being served from the cache, another
 * server's keys keep their own budget, and other clients their own share.
 */
class NginxCheckBudgetTest {
    /** The shipped budget, and one a test can exhaust with two requests: one check a minute, no queue. */
    private static final Map<String, String> ONE_CHECK_A_MINUTE = Map.of(
            "zone=content_token_checks:1m rate=1000r/s", "zone=content_token_checks:1m rate=1r/m",
            "limit_req zone=content_token_checks burst=1000;", "limit_req zone=content_token_checks;");

    /** The shipped client share, cut to one check a minute per client address, no queue; the budget as shipped. */
    private static final Map<String, String> ONE_CHECK_A_MINUTE_PER_CLIENT = Map.of(
            "zone=content_token_client_checks:10m rate=250r/s", "zone=content_token_client_checks:10m rate=1r/m",
            "limit_req zone=content_token_client_checks burst=500;", "limit_req zone=content_token_client_checks;");

    /** Clients' addresses as a proxy in front would pass them (nginx's realip module, trusting loopback). */
    private static final String CLIENT_ADDRESS_HEADER = "X-Test-Client";
    private static final String BEHIND_A_PROXY = "  set_real_ip_from 127.0.0.1;\n  real_ip_header " + CLIENT_ADDRESS_HEADER + ";\n";

    @TempDir
    Path dir;

    @Test
    void overBudgetANewTokenGets503WhileAllowedDownloadsAndOtherServersGoOn() throws Exception {
        KeyPair tenantA = BadTokenCorpus.newKeyPair();
        KeyPair tenantB = BadTokenCorpus.newKeyPair();
        Path keysA = Files.createDirectories(dir.resolve("keys-a"));
        Path keysB = Files.createDirectories(dir.resolve("keys-b"));
        Files.writeString(keysA.resolve("jamf.pem"), RecipeServer.pem(tenantA.getPublic()));
        Files.writeString(keysB.resolve("jamf.pem"), RecipeServer.pem(tenantB.getPublic()));
        String first = ContentTokenSigner.builder(tenantA.getPrivate()).build().sign();
        String second = ContentTokenSigner.builder(tenantA.getPrivate()).expiry(Duration.ofMinutes(10)).build().sign();
        String forged = ContentTokenSigner.builder(BadTokenCorpus.newKeyPair().getPrivate()).build().sign();
        String otherTenant = ContentTokenSigner.builder(tenantB.getPrivate()).build().sign();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        try (RecipeNginx nginx = RecipeNginx.startServers(dir, List.of(keysA + "/", keysB + "/"), 1, "", ONE_CHECK_A_MINUTE)) {
            assertThat(get(http, nginx, 0, first).statusCode()).as("the minute's one check").isEqualTo(206);

            HttpResponse<Void> busy = get(http, nginx, 0, second);
            assertThat(busy.statusCode()).as("a valid new token over the budget").isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).contains("1");
            assertThat(get(http, nginx, 0, forged).statusCode()).as("a forged token over the budget").isEqualTo(503);
            assertThat(get(http, nginx, 0, first).statusCode()).as("an allowed download, from the cache").isEqualTo(206);
            assertThat(get(http, nginx, 1, otherTenant).statusCode()).as("another key setting's budget").isEqualTo(206);

            assertThat(nginx.accessLog(5).lines().map(NginxCheckBudgetTest::statusAndVerdict))
                    .containsExactly("206 -", "503 BUSY", "503 BUSY", "206 -", "206 -");
            assertThat(nginx.errorLog())
                    .contains("limiting requests")
                    .doesNotContain(signatureOf(second), signatureOf(forged), signatureOf(first));
        }
    }

    @Test
    void oneClientUsingUpItsShareLeavesTheBudgetToOtherClients() throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Path keyDir = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keyDir.resolve("jamf.pem"), RecipeServer.pem(keys.getPublic()));
        String first = ContentTokenSigner.builder(keys.getPrivate()).build().sign();
        String second = ContentTokenSigner.builder(keys.getPrivate()).expiry(Duration.ofMinutes(10)).build().sign();
        String third = ContentTokenSigner.builder(keys.getPrivate()).expiry(Duration.ofMinutes(15)).build().sign();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        try (RecipeNginx nginx = RecipeNginx.startServers(dir, List.of(keyDir + "/"), 1, BEHIND_A_PROXY,
                ONE_CHECK_A_MINUTE_PER_CLIENT)) {
            assertThat(get(http, nginx, 0, first, "192.0.2.1").statusCode()).as("client 1's one check").isEqualTo(206);
            assertThat(get(http, nginx, 0, second, "192.0.2.1").statusCode()).as("client 1 over its share").isEqualTo(503);
            assertThat(get(http, nginx, 0, third, "192.0.2.2").statusCode()).as("client 2, its own share").isEqualTo(206);
            assertThat(get(http, nginx, 0, first, "192.0.2.1").statusCode()).as("client 1's allowed download").isEqualTo(206);
        }
    }

    @Test
    void withinTheShippedBudgetABurstOfNewTokensIsCheckedNotRefused() throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Path keyDir = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keyDir.resolve("jamf.pem"), RecipeServer.pem(keys.getPublic()));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        try (RecipeNginx nginx = RecipeNginx.startServers(dir, List.of(keyDir + "/"), 1)) {
            for (int i = 0; i < 50; i++) {
                String token = ContentTokenSigner.builder(keys.getPrivate()).expiry(Duration.ofSeconds(300 + i)).build().sign();
                assertThat(get(http, nginx, 0, token).statusCode()).as("new token %d", i).isEqualTo(206);
                assertThat(get(http, nginx, 0, token.substring(0, token.lastIndexOf('.') + 1) + "AAAA").statusCode())
                        .as("bad signature %d", i).isEqualTo(403);
            }
            assertThat(nginx.errorLog()).doesNotContain("limiting requests");
        }
    }

    private static HttpResponse<Void> get(HttpClient http, RecipeNginx nginx, int server, String token) throws Exception {
        return get(http, nginx, server, token, "198.51.100.1");
    }

    /** A Range request with {@code token}, from {@code client} where nginx trusts the client-address header. */
    private static HttpResponse<Void> get(HttpClient http, RecipeNginx nginx, int server, String token, String client)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(nginx.uri(server, RecipeNginx.CONTENT_PATH + "?token=" + token))
                .header("Range", "bytes=0-0")
                .header(CLIENT_ADDRESS_HEADER, client)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    /** "206 -" of a content_token access-log line: status and verdict (the last field). */
    private static String statusAndVerdict(String line) {
        String[] afterRequest = line.substring(line.indexOf("HTTP/1.1\" ") + "HTTP/1.1\" ".length()).split(" ");
        return afterRequest[0] + " " + line.substring(line.lastIndexOf(' ') + 1);
    }

    private static String signatureOf(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }
}
