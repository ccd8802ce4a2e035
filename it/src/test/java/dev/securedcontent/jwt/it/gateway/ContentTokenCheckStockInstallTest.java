package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.EnforcementPoints;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import dev.securedcontent.jwt.it.StockInstall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/content-token.md's "nginx on Debian" steps, followed as an admin would: the jar, the key and
 * the systemd unit installed, the check started as the unit's ExecStart says, the snippets and the
 * site installed onto a copy of the package's stock /etc/nginx (nginx.conf with its http-level
 * {@code access_log /var/log/nginx/access.log}, the default site, conf.d), only paths and ports
 * changed, nginx started from that nginx.conf. Every shape Jamf Pro may send must be served, every
 * neighbour past the limits refused, the logs must be as the page says, no file anywhere may hold a
 * whole token (the check's output and access log included, and nginx's error log while the check is
 * down), and jwt:audit must pass strictly.
 */
class ContentTokenCheckStockInstallTest {
    /** The stock configuration, as the Debian package installed it. */
    static final Path STOCK = Path.of("/etc/nginx");
    /** The page's nginx steps, after the check's (ServiceInstall.CHECK_STEPS), in order (spaces collapsed). */
    static final List<String> NGINX_STEPS = List.of(
            "apt-get install nginx",
            "install -D -m 644 nginx/content-token-check-http.conf /etc/nginx/snippets/content-token-check-http.conf",
            "install -D -m 644 nginx/content-token-check.conf /etc/nginx/snippets/content-token-check.conf",
            "install -D -m 644 nginx/content-token-check-site.conf /etc/nginx/sites-available/content-token-check-site.conf",
            "ln -s ../sites-available/content-token-check-site.conf /etc/nginx/sites-enabled/",
            "nginx -t && systemctl reload nginx");
    static final String SITE = "content-token-check-site.conf";

    /** Whose packages and stock configuration: the machine's own (a subclass: Debian 13's root). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Test
    void thePagesStepsOnDebiansStockConfigurationServeEveryValidShapeLogNoTokenAndPassTheAudit(@TempDir Path dir) throws Exception {
        ServerRoot root = root();
        Path nginx = root.installed("nginx", List.of(STOCK.resolve("nginx.conf"), STOCK.resolve("sites-available/default")), "nginx");
        StockInstall.inTree(root, dir, (tree, host) -> installAndProve(root, nginx, tree, host));
    }

    private void installAndProve(ServerRoot root, Path nginx, Path tree, Path host) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        StockInstall.copyTree(root.host(STOCK), host.resolve("etc/nginx"));
        Path content = Files.createDirectories(host.resolve("srv/downloads" + RecipeServer.CONTENT_PATH).getParent());
        Files.write(content.resolve(Path.of(RecipeServer.CONTENT_PATH).getFileName().toString()), new byte[64 * 1024]);
        Path logs = Files.createDirectories(host.resolve("var/log/nginx"));
        Files.createDirectories(host.resolve("run"));
        if (ChildServer.isRoot()) {
            StockInstall.reachableByWorkers(root, host);
        }

        String page = ServiceInstall.page();
        List<String> launch = List.of(nginx.toString(), "-c", tree.resolve("etc/nginx/nginx.conf").toString(),
                "-e", tree.resolve("var/log/nginx/error.log").toString());
        Map<String, String> sent = new LinkedHashMap<>();
        int at = 0;
        try (ServiceInstall installed = new ServiceInstall(root, tree, host, (RSAPublicKey) keys.getPublic())) {
            for (String step : Stream.concat(ServiceInstall.CHECK_STEPS.stream(), NGINX_STEPS.stream()).toList()) {
                at = StockInstall.stepAfter(page, step, at);
                if (installed.follow(step)) {
                    continue;
                }
                assertThat(step).as("a step this test cannot follow").startsWith("nginx -t");
                movePaths(tree, host);
                installed.moveCheckPort("etc/nginx/snippets/content-token-check-http.conf");
                StockInstall.moveNginxSitePorts(host.resolve("etc/nginx"), SITE, ChildServer.freeLoopbackPort(), ChildServer.freeLoopbackPort());
                nginxTest(root, launch, step);
            }

            int defaultPort = ChildServer.freeLoopbackPort();
            List<String> command = new ArrayList<>(launch);
            command.addAll(List.of("-g", "daemon off;"));
            try (ChildServer server = ChildServer.start("nginx", port -> {
                StockInstall.moveNginxSitePorts(host.resolve("etc/nginx"), SITE, port, defaultPort);
                return root.command(command);
            }, host.resolve("nginx.out"), logs.resolve("error.log"))) {
                URI url = URI.create("http://127.0.0.1:" + server.port() + RecipeServer.CONTENT_PATH);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                StockInstall.EveryShape shapes = StockInstall.EveryShape.send(keys, url, uri -> StockInstall.rangeGet(http, uri));
                sent.putAll(shapes.sent());
                // The page: the site's own log, without the query, the check's reason last.
                String accessLog = server.awaitLog(logs.resolve("downloads.access.log"), text -> text.lines().count() >= shapes.requests());
                assertThat(accessLog).contains("\"GET " + RecipeServer.CONTENT_PATH + " HTTP/1.1\" 206 16 \"Java-http-client")
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 206 16 \"[^\"]*\" -\n")
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 403 \\d+ \"[^\"]*\" EXPIRED\n")
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 401 \\d+ \"[^\"]*\" MISSING\n")
                        .doesNotContain("token=");
                // The unit's access log: the original request's method and path, never its query.
                String checkLog = installed.service().awaitLog(host.resolve(ServiceInstall.CHECK_ACCESS_LOG),
                        text -> text.contains(" EXPIRED ") && text.contains(" MISSING "));
                assertThat(checkLog).contains("\"GET " + RecipeServer.CONTENT_PATH + " HTTP/1.1\" 204 ")
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 403 \\d+ EXPIRED ")
                        .doesNotContain("token=");

                StockInstall.auditStrictly((RSAPrivateCrtKey) keys.getPrivate(), url, EnforcementPoints.CHECK_NGINX.matrix().open().keySet());

                // The check down: nginx cannot ask it and answers 500; its access log says CHECK_FAILED, and its
                // error log, which would hold the request line, token included, gets nothing at level crit.
                installed.service().close();
                String down = BadTokenCorpus.jamfToken(keys.getPrivate(), Clock.systemUTC());
                sent.put("sent while the check was down", down);
                // A URI of its own: a token minted in the same second as one sent before is the same token, which
                // nginx's verdict cache could answer without asking the check.
                assertThat(StockInstall.rangeGet(http, URI.create(url + "?while=down&token=" + down)).statusCode()).isEqualTo(500);
                assertThat(server.awaitLog(logs.resolve("downloads.access.log"), text -> text.contains(" CHECK_FAILED\n")))
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 500 \\d+ \"[^\"]*\" CHECK_FAILED\n");
            }
        }

        // Debian's http-level log, for every server without its own: this server's requests never reach it.
        assertThat(logs.resolve("access.log")).exists();
        assertThat(Files.readString(logs.resolve("access.log"))).doesNotContain(RecipeServer.CONTENT_PATH);
        // Every file, the check's output (its journal) and logs included, but nginx's verdict cache (which
        // holds request URIs by design: tmpfs, the worker user's alone) and the jar.
        Path verdicts = host.resolve("run/nginx-content-token-check");
        assertThat(StockInstall.filesHoldingATokenIn(host, sent, f -> f.startsWith(verdicts) || ServiceInstall.isInstalledBinary(host, f))).isEmpty();
    }

    /** Paths only: the tree's copies of /etc/nginx, /var/log/nginx, /run/..., /srv and /var/www are named instead of the system's. */
    private static void movePaths(Path tree, Path host) throws IOException {
        Map<String, String> moves = new LinkedHashMap<>();
        for (String path : List.of("/etc/nginx", "/var/log/nginx", "/run/nginx-content-token-check", "/run/nginx.pid", "/srv/downloads",
                "/var/www")) {
            moves.put(path, tree + path);
        }
        StockInstall.movePaths(host.resolve("etc/nginx"), moves);
    }

    /** nginx -t, as the page's last step runs it: it must pass without a warning. */
    private static void nginxTest(ServerRoot root, List<String> launch, String step) throws IOException, InterruptedException {
        List<String> test = new ArrayList<>(launch);
        test.add("-t");
        Process p = new ProcessBuilder(root.command(test)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(step + ": " + out).isZero();
        assertThat(out).contains("test is successful").doesNotContain("[warn]", "[emerg]");
    }
}
