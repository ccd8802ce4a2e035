package dev.securedcontent.jwt.it.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.EnforcementPoints;
import dev.securedcontent.jwt.it.JamfTokenShapes;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import dev.securedcontent.jwt.it.StockInstall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * web-server/nginx installed as an admin would: onto a copy of the package's stock /etc/nginx
 * (nginx.conf with its http-level {@code access_log /var/log/nginx/access.log}, the default site,
 * conf.d, modules-enabled with mod-http-js), following the README's install steps one by one with
 * only paths and ports changed, nginx started from that nginx.conf. Every shape Jamf Pro may send
 * must be served and every neighbour past the limits refused, the logs must be as the README's
 * Logs section says, no log anywhere may hold a whole token, and jwt:audit must pass strictly.
 */
class NginxStockInstallTest {
    /** The stock configuration, as the Debian packages installed it. */
    static final Path STOCK = Path.of("/etc/nginx");
    /** The README's install steps, in order (spaces collapsed); the test knows how to follow each. */
    static final List<String> STEPS = List.of(
            "apt-get install nginx libnginx-mod-http-js",
            "install -D -m 644 web-server/nginx/content-token.js /etc/nginx/njs/content-token.js",
            "install -D -m 644 web-server/nginx/content-token-rules.js /etc/nginx/njs/content-token-rules.js",
            "install -D -m 644 web-server/nginx/content-token-http.conf /etc/nginx/snippets/content-token-http.conf",
            "install -D -m 644 web-server/nginx/content-token.conf /etc/nginx/snippets/content-token.conf",
            "install -D -m 644 web-server/nginx/nginx-content-token.tmpfiles.conf /etc/tmpfiles.d/nginx-content-token.conf",
            "systemd-tmpfiles --create /etc/tmpfiles.d/nginx-content-token.conf",
            "install -D -m 644 web-server/nginx/content-token-site.conf /etc/nginx/sites-available/content-token-site.conf",
            "ln -s ../sites-available/content-token-site.conf /etc/nginx/sites-enabled/",
            "openssl rsa -in jamf.pem -pubout -out jamf.pub.pem",
            "install -D -m 644 jamf.pub.pem /etc/nginx/content-token/keys/jamf-2026.pem",
            "nginx -t && systemctl reload nginx");

    /** Whose packages and stock configuration: the machine's own (a subclass: Debian 13's root). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Test
    void theReadmeStepsOnDebiansStockConfigurationServeEveryValidShapeLogNoTokenAndPassTheAudit(@TempDir Path dir) throws Exception {
        ServerRoot root = root();
        Path nginx = root.installed("nginx", List.of(RecipeNginx.NJS_MODULE, STOCK.resolve("nginx.conf"),
                STOCK.resolve("sites-available/default")), "nginx libnginx-mod-http-js");
        StockInstall.inTree(root, dir, (tree, host) -> installAndProve(root, nginx, tree, host));
    }

    private void installAndProve(ServerRoot root, Path nginx, Path tree, Path host) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        StockInstall.copyTree(root.host(STOCK), host.resolve("etc/nginx"));
        Path content = Files.createDirectories(host.resolve("srv/downloads/content"));
        byte[] bytes = new byte[64 * 1024];
        Files.write(content.resolve("app.pkg"), bytes);
        Path logs = Files.createDirectories(host.resolve("var/log/nginx"));
        Files.createDirectories(host.resolve("run"));
        Path work = Files.createDirectories(host.resolve("work"));
        Files.writeString(work.resolve("jamf.pem"), privatePem(keys));
        if (ChildServer.isRoot()) {
            StockInstall.reachableByWorkers(root, host);
        }

        String readme = Files.readString(RecipeNginx.recipeDir().resolve("README.md")).replaceAll("[ \t]+", " ");
        int at = 0;
        List<String> launch = List.of(nginx.toString(), "-c", tree.resolve("etc/nginx/nginx.conf").toString(),
                "-e", tree.resolve("var/log/nginx/error.log").toString());
        for (String step : STEPS) {
            // The README's steps, in this order, each at the start of a line (a comment may follow) or in `...`.
            at = StockInstall.stepAfter(readme, step, at);
            if (step.startsWith("nginx -t")) {
                movePaths(tree, host);
                StockInstall.moveNginxSitePorts(host.resolve("etc/nginx"), "content-token-site.conf", ChildServer.freeLoopbackPort(), ChildServer.freeLoopbackPort());
            }
            follow(step, root, host, work, launch);
        }

        Map<String, String> sent = new LinkedHashMap<>();
        int defaultPort = ChildServer.freeLoopbackPort();
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of("-g", "daemon off;"));
        try (ChildServer server = ChildServer.start("nginx", port -> {
            StockInstall.moveNginxSitePorts(host.resolve("etc/nginx"), "content-token-site.conf", port, defaultPort);
            return root.command(command);
        }, host.resolve("nginx.out"), logs.resolve("error.log"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI url = URI.create("http://127.0.0.1:" + server.port() + RecipeServer.CONTENT_PATH);
            StockInstall.EveryShape shapes = StockInstall.EveryShape.send(keys, url, uri -> StockInstall.rangeGet(http, uri));
            sent.putAll(shapes.sent());
            String accessLog = server.awaitLog(logs.resolve("downloads.access.log"), text -> text.lines().count() >= shapes.requests());
            // The README's Logs section: the path without the query, the status, the verdict.
            assertThat(accessLog).contains("\"GET " + RecipeServer.CONTENT_PATH + " HTTP/1.1\" 206 16 \"Java-http-client")
                    .containsPattern("\"GET " + RecipeServer.CONTENT_PATH + " HTTP/1.1\" 403 \\d+ \"[^\"]*\" EXPIRED\n")
                    .containsPattern("\"GET " + RecipeServer.CONTENT_PATH + " HTTP/1.1\" 401 \\d+ \"[^\"]*\" MISSING\n")
                    .doesNotContain("token=");
            assertThat(server.awaitLog(logs.resolve("error.log"), text -> text.contains("(403 EXPIRED)")))
                    .contains("js: content token rejected (403 EXPIRED)", ".<redacted>");

            StockInstall.auditStrictly((RSAPrivateCrtKey) keys.getPrivate(),
                    url, EnforcementPoints.NGINX.matrix().open().keySet());
        }

        // Debian's http-level log, for every server without its own: this server's requests never reach it.
        assertThat(logs.resolve("access.log")).exists();
        assertThat(Files.readString(logs.resolve("access.log"))).doesNotContain(RecipeServer.CONTENT_PATH);
        // Every file but the verdict cache, which holds request URIs by design (tmpfs, the worker user's alone).
        Path state = host.resolve("run/nginx-content-token");
        assertThat(StockInstall.filesHoldingATokenIn(host, sent, f -> f.startsWith(state))).isEmpty();
    }

    /** Paths only: the tree's copies of /etc/nginx, /var/log/nginx, /run and /srv are named instead of the system's. */
    private static void movePaths(Path tree, Path host) throws IOException {
        Map<String, String> moves = new LinkedHashMap<>();
        for (String path : List.of("/etc/nginx", "/var/log/nginx", "/run/nginx-content-token", "/run/nginx.pid", "/srv/downloads",
                "/var/www")) {
            moves.put(path, tree + path);
        }
        StockInstall.movePaths(host.resolve("etc/nginx"), moves);
    }

    /** Follows one README step in the tree; a step it cannot follow fails the test. */
    private static void follow(String step, ServerRoot root, Path host, Path work, List<String> launch)
            throws IOException, InterruptedException {
        String[] words = step.split(" ");
        switch (words[0]) {
            case "apt-get" -> { } // checked: the packages are installed (ServerRoot.installed)
            case "install" -> {
                Path from = words[4].startsWith("web-server/nginx/")
                        ? RecipeNginx.recipeDir().resolve(words[4].substring("web-server/nginx/".length()))
                        : work.resolve(words[4]);
                Path to = host.resolve(words[5].substring(1));
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            }
            case "systemd-tmpfiles" -> createAsTmpfilesWould(host, host.resolve(words[2].substring(1)));
            case "ln" -> {
                Path target = Path.of(words[2]);
                Files.createSymbolicLink(host.resolve(words[3].substring(1)).resolve(target.getFileName().toString()), target);
            }
            case "openssl" -> {
                Process p = new ProcessBuilder(List.of(words)).directory(work.toFile()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(step + ": " + out).isZero();
            }
            case "nginx" -> {
                List<String> test = new ArrayList<>(launch);
                test.add("-t");
                Process p = new ProcessBuilder(root.command(test)).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(step + ": " + out).isZero();
                assertThat(out).contains("test is successful").doesNotContain("[warn]", "[emerg]");
            }
            default -> fail("the README step '" + step + "' is one this test cannot follow");
        }
    }

    /** systemd-tmpfiles --create for the file's D lines: the directory, its mode, user and group. */
    private static void createAsTmpfilesWould(Path host, Path tmpfiles) throws IOException {
        List<String> lines = Files.readAllLines(tmpfiles).stream().filter(l -> l.startsWith("D ")).toList();
        assertThat(lines).as("D lines of " + tmpfiles).isNotEmpty();
        for (String line : lines) {
            String[] f = line.split("\\s+");
            Path made = Files.createDirectories(host.resolve(f[1].substring(1)));
            Files.setPosixFilePermissions(made, PosixFilePermissions.fromString(StockInstall.rwx(f[2])));
            if (ChildServer.isRoot()) {
                UserPrincipalLookupService users = made.getFileSystem().getUserPrincipalLookupService();
                PosixFileAttributeView view = Files.getFileAttributeView(made, PosixFileAttributeView.class);
                view.setOwner(users.lookupPrincipalByName(f[3]));
                GroupPrincipal group = users.lookupPrincipalByGroupName(f[4]);
                view.setGroup(group);
            }
        }
    }

    private static String privatePem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
