package dev.securedcontent.jwt.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How serve and check answer requests at their edges: a file name with a slash, the forwarded method, the access log. */
class GatewayRequestsTest {
    @TempDir
    static Path dir;
    private static final List<GatewayServer> STARTED = new ArrayList<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static KeyPair keys;
    private static int serve;
    private static int check;

    @BeforeAll
    static void start() throws Exception {
        keys = RsaKeys.generate(2048);
        Path publicKey = dir.resolve("public.pem");
        RsaKeys.writePublicKey(publicKey, (RSAPublicKey) keys.getPublic());
        Path apps = Files.createDirectories(dir.resolve("root/apps"));
        Files.write(apps.resolve("App.pkg"), new byte[1000]);
        Startup startup = new Startup(new PrintWriter(new StringWriter())) {
            @Override
            void await(GatewayServer server) {
                STARTED.add(server);
            }
        };
        PrintWriter err = new PrintWriter(new StringWriter());
        assertThat(ContentTokenCommand.run(new String[] {"serve", "--root", dir.resolve("root").toString(), "--keys",
                publicKey.toString(), "--listen", "127.0.0.1:0", "--access-log", dir.resolve("serve.log").toString()},
                err, err, Clock.systemUTC(), startup)).isZero();
        assertThat(ContentTokenCommand.run(new String[] {"check", "--keys", publicKey.toString(), "--listen", "127.0.0.1:0",
                "--access-log", dir.resolve("check.log").toString()},
                err, err, Clock.systemUTC(), startup)).isZero();
        serve = STARTED.get(0).port();
        check = STARTED.get(1).port();
    }

    @AfterAll
    static void stop() {
        STARTED.forEach(GatewayServer::stopQuietly);
    }

    private static String token() {
        return ContentTokenSigner.builder(keys.getPrivate()).build().sign();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve + pathAndQuery)));
    }

    @Test
    void aFileNameWithASlashAfterItIsNotFoundAndNotRedirected() throws Exception {
        HttpResponse<String> slash = get("/apps/App.pkg/?token=" + token());
        HttpResponse<String> directory = get("/apps/?token=" + token());
        HttpResponse<String> noToken = get("/apps/App.pkg/");

        assertThat(slash.statusCode()).isEqualTo(404);
        assertThat(slash.headers().firstValue("Location")).isEmpty();
        assertThat(slash.body()).isEqualTo("404 Not Found\n");
        assertThat(directory.statusCode()).as("directories are never listed").isEqualTo(403);
        assertThat(noToken.statusCode()).as("the token is checked first").isEqualTo(401);
    }

    @Test
    void theAccessLogsReasonIsADashForServedRequestsAsInNginx() throws Exception {
        assertThat(get("/apps/App.pkg?a=served&token=" + token()).statusCode()).isEqualTo(200);
        assertThat(get("/apps/App.pkg?a=refused&token=" + token() + "x").statusCode()).isEqualTo(403);

        String log = awaitLog(dir.resolve("serve.log"), text -> text.contains(" MALFORMED "));
        assertThat(log).containsPattern("\"GET /apps/App.pkg HTTP/1.1\" 200 1000 - \\d+ms")
                .containsPattern("\"GET /apps/App.pkg HTTP/1.1\" 403 \\d+ MALFORMED \\d+ms")
                .doesNotContain("\"\"");
    }

    @Test
    void checkAnswersTheForwardedMethodAsServeDoesAfterTheToken() throws Exception {
        String valid = "/apps/App.pkg?token=" + token();
        List<Integer> served = new ArrayList<>();
        List<Integer> checked = new ArrayList<>();
        for (String method : List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE")) {
            served.add(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve + valid))
                    .method(method, HttpRequest.BodyPublishers.noBody())).statusCode());
            checked.add(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + check + "/"))
                    .header("X-Forwarded-Uri", valid).header("X-Forwarded-Method", method)).statusCode());
        }
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + check + "/"))
                .header("X-Forwarded-Uri", valid + "x").header("X-Forwarded-Method", "PUT"));
        HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + check + "/"))
                .header("X-Forwarded-Uri", "/apps/App.pkg").header("X-Forwarded-Method", "DELETE"));
        HttpResponse<String> nginx = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + check + "/"))
                .header("X-Original-URI", valid).header("X-Original-Method", "POST"));

        assertThat(served).containsExactly(200, 200, 200, 405, 405, 405);
        assertThat(checked).containsExactly(204, 204, 204, 405, 405, 405);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("X-Content-Token-Reason")).hasValue("MALFORMED");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(nginx.statusCode()).as("auth_request takes 2xx/401/403 only: nginx refuses methods itself").isEqualTo(204);
    }

    /** A check request with these headers (name, value, name, value...). */
    private static HttpResponse<String> askCheck(String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + check + "/")).headers(headers));
    }

    @Test
    void checkReadsIngressNginxsOriginalUrlAsItSetsIt() throws Exception {
        String valid = "/apps/App.pkg?token=" + token();
        // ingress-nginx's auth-url location: X-Original-URL always ($scheme://$http_host$request_uri), X-Original-URI
        // only with an auth-method annotation.
        HttpResponse<String> served = askCheck("X-Original-URL", "https://dp.example.com" + valid, "X-Original-Method", "GET");
        HttpResponse<String> withMethod = askCheck("X-Original-URL", "https://dp.example.com" + valid, "X-Original-URI", valid);
        HttpResponse<String> forged = askCheck("X-Original-URL", "https://dp.example.com" + valid + "x");
        HttpResponse<String> none = askCheck("X-Original-URL", "http://dp.example.com:8080/apps/App.pkg");

        assertThat(served.statusCode()).isEqualTo(204);
        assertThat(withMethod.statusCode()).isEqualTo(204);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("X-Content-Token-Reason")).hasValue("MALFORMED");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(CheckHandler.target("https://dp.example.com/a/b?token=x")).isEqualTo("/a/b?token=x");
        assertThat(CheckHandler.target("http://dp.example.com")).isEqualTo("/");
    }

    @Test
    void aClientsOwnHeaderNamingAnotherRequestIsRefusedAsAmbiguous() throws Exception {
        String valid = "/apps/App.pkg?token=" + token();
        // Caddy, Traefik and ingress-nginx pass the client's headers on beside the one they set: a header the
        // proxy does not set, naming another request than the one it names, is the client's.
        List<HttpResponse<String>> refused = List.of(
                askCheck("X-Forwarded-Uri", "/apps/App.pkg", "X-Original-URI", valid),
                askCheck("X-Original-URL", "https://dp.example.com/apps/App.pkg", "X-Original-URI", valid),
                askCheck("X-Original-URL", "https://dp.example.com/apps/App.pkg", "X-Forwarded-Uri", valid),
                askCheck("X-Forwarded-Uri", valid, "X-Forwarded-Uri", "/apps/App.pkg"));
        HttpResponse<String> same = askCheck("X-Forwarded-Uri", valid, "X-Original-URI", valid);

        assertThat(refused).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("X-Content-Token-Reason")).hasValue("AMBIGUOUS");
            assertThat(r.body()).doesNotContain("token=");
        });
        assertThat(same.statusCode()).as("the same request named twice").isEqualTo(204);
    }

    @Test
    void checksAccessLogShowsTheOriginalMethodAndPathWithoutTheQuery() throws Exception {
        String token = token();
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + check + "/"))
                .header("X-Forwarded-Uri", "/apps/Forwarded.pkg?a=b&token=" + token).header("X-Forwarded-Method", "HEAD"));
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + check + "/"))
                .header("X-Original-URI", "/apps/Original.pkg?token=" + token + "x"));

        String log = awaitLog(dir.resolve("check.log"), text -> text.contains("Original.pkg"));
        assertThat(log).containsPattern("\"HEAD /apps/Forwarded.pkg HTTP/1.1\" 204 0 - \\d+ms")
                .containsPattern("\"GET /apps/Original.pkg HTTP/1.1\" 403 \\d+ MALFORMED \\d+ms")
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1)).doesNotContain("a=b");
    }

    /** The log once {@code done} holds for it; the line is written after the response, so poll (bounded). */
    static String awaitLog(Path file, Predicate<String> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(file) ? Files.readString(file) : "";
            if (done.test(text)) {
                return text;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the log " + file + " never got there: " + text);
    }
}
