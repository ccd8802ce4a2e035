package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.RsaKeys;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/content-token.md's "nginx on Debian" steps, followed as an admin would: the jar, the key and
 * the systemd unit installed, the check started as the unit's ExecStart says, the snippets and the
 * site installed onto a copy of the package's stock /etc/nginx (nginx.conf with its http-level
 * {@code access_log /var/log/nginx/access.log}, the default site, conf.d), only paths and ports
 * changed, nginx started from that nginx.conf. Every shape Jamf Pro may send must be served, every
 * neighbour past the limits refused, the logs must be as the page says, no file anywhere may hold a
 * whole token (the check's output and access log included), and jwt:audit must pass strictly.
 */
class ContentTokenCheckStockInstallTest {
    /** The stock configuration, as the Debian package installed it. */
    static final Path STOCK = Path.of("/etc/nginx");
    /** The page's steps, in order (spaces collapsed); the test knows how to follow each. */
    static final List<String> STEPS = List.of(
            "apt-get install nginx default-jre-headless",
            "useradd --system --no-create-home content-token",
            "install -D -m 644 jwt-gateway/target/content-token.jar /opt/content-token/content-token.jar",
            "install -D -m 644 jamf-public-key.pem /etc/content-token/jamf-public-key.pem",
            "install -D -m 644 jwt-gateway/src/main/dist/service/content-token-check.service /etc/systemd/system/content-token-check.service",
            "systemctl daemon-reload && systemctl enable --now content-token-check",
            "install -D -m 644 jwt-gateway/src/main/dist/nginx/content-token-check-http.conf /etc/nginx/snippets/content-token-check-http.conf",
            "install -D -m 644 jwt-gateway/src/main/dist/nginx/content-token-check.conf /etc/nginx/snippets/content-token-check.conf",
            "install -D -m 644 jwt-gateway/src/main/dist/nginx/content-token-check-site.conf /etc/nginx/sites-available/content-token-check-site.conf",
            "ln -s ../sites-available/content-token-check-site.conf /etc/nginx/sites-enabled/",
            "nginx -t && systemctl reload nginx");
    static final String SITE = "content-token-check-site.conf";
    /** Where the unit's check listens, as the snippet's upstream names it. */
    static final String CHECK_ADDRESS = "127.0.0.1:9180";

    /** Whose packages and stock configuration: the machine's own (a subclass: Debian 13's root). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Test
    void thePagesStepsOnDebiansStockConfigurationServeEveryValidShapeLogNoTokenAndPassTheAudit(@TempDir Path dir) throws Exception {
        ServerRoot root = root();
        Path nginx = root.installed("nginx", List.of(STOCK.resolve("nginx.conf"), STOCK.resolve("sites-available/default")), "nginx");
        // The tree as nginx sees it (the test's temp dir), and where the test writes it (and the check,
        // which runs on the test's JDK, reads it).
        Path tree = dir.resolve("tree");
        Path host = Files.createDirectories(root.host(tree));
        try {
            installAndProve(root, nginx, tree, host);
        } finally {
            root.forget(dir);
        }
    }

    private void installAndProve(ServerRoot root, Path nginx, Path tree, Path host) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        StockInstall.copyTree(root.host(STOCK), host.resolve("etc/nginx"));
        Path content = Files.createDirectories(host.resolve("srv/downloads" + RecipeServer.CONTENT_PATH).getParent());
        Files.write(content.resolve(Path.of(RecipeServer.CONTENT_PATH).getFileName().toString()), new byte[64 * 1024]);
        Path logs = Files.createDirectories(host.resolve("var/log/nginx"));
        Files.createDirectories(host.resolve("run"));
        Path work = Files.createDirectories(host.resolve("work"));
        RsaKeys.writePublicKey(work.resolve("jamf-public-key.pem"), (RSAPublicKey) keys.getPublic());
        if (ChildServer.isRoot()) {
            StockInstall.reachableByWorkers(root, host);
        }

        String page = Files.readString(checkout().resolve("docs/content-token.md")).replaceAll("[ \t]+", " ");
        List<String> launch = List.of(nginx.toString(), "-c", tree.resolve("etc/nginx/nginx.conf").toString(),
                "-e", tree.resolve("var/log/nginx/error.log").toString());
        Map<String, String> sent = new LinkedHashMap<>();
        int at = 0;
        try (Installed installed = new Installed(root, host, work, launch)) {
            for (String step : STEPS) {
                at = StockInstall.stepAfter(page, step, at);
                if (step.startsWith("nginx -t")) {
                    movePaths(tree, host);
                    moveCheckPort(host, installed.check.port());
                    StockInstall.moveNginxSitePorts(host.resolve("etc/nginx"), SITE, ChildServer.freeLoopbackPort(), ChildServer.freeLoopbackPort());
                }
                installed.follow(step);
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
                Map<String, String> valid = JamfTokenShapes.valid(keys, Clock.systemUTC());
                Map<String, String> refused = JamfTokenShapes.refused(keys, Clock.systemUTC());
                sent.putAll(valid);
                sent.putAll(refused);
                sent.put("another key's", BadTokenCorpus.jamfToken(BadTokenCorpus.newKeyPair().getPrivate(), Clock.systemUTC()));
                Map<String, Integer> statuses = new LinkedHashMap<>();
                sent.forEach((name, token) -> statuses.put(name, StockInstall.rangeStatus(http, URI.create(url + "?token=" + token))));
                statuses.put("no token", StockInstall.rangeStatus(http, url));

                assertThat(valid.keySet()).allSatisfy(name -> assertThat(statuses.get(name)).as(name).isEqualTo(206));
                assertThat(refused.keySet()).allSatisfy(name -> assertThat(statuses.get(name)).as(name).isEqualTo(403));
                assertThat(statuses.get("another key's")).isEqualTo(403);
                assertThat(statuses.get("no token")).isEqualTo(401);
                // The page: the site's own log, without the query, the check's reason last.
                String accessLog = server.awaitLog(logs.resolve("downloads.access.log"), text -> text.lines().count() >= statuses.size());
                assertThat(accessLog).contains("\"GET " + RecipeServer.CONTENT_PATH + " HTTP/1.1\" 206 16 \"Java-http-client")
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 206 16 \"[^\"]*\" -\n")
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 403 \\d+ \"[^\"]*\" EXPIRED\n")
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 401 \\d+ \"[^\"]*\" MISSING\n")
                        .doesNotContain("token=");
                // The unit's access log: the original request's method and path, never its query.
                String checkLog = installed.check.awaitLog(host.resolve("var/log/content-token/check.access.log"),
                        text -> text.contains(" EXPIRED ") && text.contains(" MISSING "));
                assertThat(checkLog).contains("\"GET " + RecipeServer.CONTENT_PATH + " HTTP/1.1\" 204 ")
                        .containsPattern("\"GET " + Pattern.quote(RecipeServer.CONTENT_PATH) + " HTTP/1.1\" 403 \\d+ EXPIRED ")
                        .doesNotContain("token=");

                StockInstall.auditStrictly((RSAPrivateCrtKey) keys.getPrivate(), url, EnforcementPoints.CHECK_NGINX.matrix().open().keySet());
            }
        }

        // Debian's http-level log, for every server without its own: this server's requests never reach it.
        assertThat(logs.resolve("access.log")).exists();
        assertThat(Files.readString(logs.resolve("access.log"))).doesNotContain(RecipeServer.CONTENT_PATH);
        // Every file, the check's output (its journal) and logs included, but nginx's verdict cache (which
        // holds request URIs by design: tmpfs, the worker user's alone) and the jar.
        Path verdicts = host.resolve("run/nginx-content-token-check");
        Path jar = host.resolve("opt/content-token/content-token.jar");
        assertThat(StockInstall.filesHoldingATokenIn(host, sent, f -> f.startsWith(verdicts) || f.equals(jar))).isEmpty();
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

    /** Ports only: the snippet's upstream names the port the check was started on instead of the unit's 9180. */
    private static void moveCheckPort(Path host, int port) throws IOException {
        Path snippet = host.resolve("etc/nginx/snippets/content-token-check-http.conf");
        String text = Files.readString(snippet);
        assertThat(text).contains("server " + CHECK_ADDRESS + ";");
        Files.writeString(snippet, text.replace("server " + CHECK_ADDRESS + ";", "server 127.0.0.1:" + port + ";"));
    }

    /** The checkout whose jar and dist files the page installs (its jwt-gateway/target holds the jar). */
    private static Path checkout() {
        return ContentTokenJar.jar().getParent().getParent().getParent();
    }

    /** The steps followed so far: what they installed, and the check the unit started (stopped at the end). */
    private static final class Installed implements AutoCloseable {
        private final ServerRoot root;
        private final Path host;
        private final Path work;
        private final List<String> launch;
        private String unitUser;
        ChildServer check;

        Installed(ServerRoot root, Path host, Path work, List<String> launch) {
            this.root = root;
            this.host = host;
            this.work = work;
            this.launch = launch;
        }

        /** Follows one step in the tree; a step it cannot follow fails the test. */
        void follow(String step) throws IOException, InterruptedException {
            String[] words = step.split(" ");
            switch (words[0]) {
                case "apt-get" -> { } // checked: nginx is installed (ServerRoot.installed); the check runs on the test's JDK 17+
                case "useradd" -> unitUser = words[words.length - 1]; // not run: the unit must name this user
                case "install" -> {
                    Path from = words[4].startsWith("jwt-gateway/") ? checkout().resolve(words[4]) : work.resolve(words[4]);
                    Path to = host.resolve(words[5].substring(1));
                    Files.createDirectories(to.getParent());
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                }
                case "systemctl" -> startUnit(words[words.length - 1]);
                case "ln" -> {
                    Path target = Path.of(words[2]);
                    Files.createSymbolicLink(host.resolve(words[3].substring(1)).resolve(target.getFileName().toString()), target);
                }
                case "nginx" -> {
                    List<String> test = new ArrayList<>(launch);
                    test.add("-t");
                    Process p = new ProcessBuilder(root.command(test)).redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(p.waitFor()).as(step + ": " + out).isZero();
                    assertThat(out).contains("test is successful").doesNotContain("[warn]", "[emerg]");
                }
                default -> fail("the page's step '" + step + "' is one this test cannot follow");
            }
        }

        /**
         * systemctl enable --now: the unit's ExecStart, run as written but for the test's java, the
         * tree's paths and a free port; its LogsDirectory made; its output kept where the journal
         * would keep it (and searched for tokens like every other file).
         */
        private void startUnit(String name) throws IOException {
            String unit = Files.readString(host.resolve("etc/systemd/system/" + name + ".service")).replace("\\\n", " ");
            assertThat(unit).as("the unit runs as the user the page adds").contains("\nUser=" + unitUser + "\n", "\nGroup=" + unitUser + "\n");
            Matcher logsDirectory = Pattern.compile("\nLogsDirectory=(\\S+)\n").matcher(unit);
            assertThat(logsDirectory.find()).as("LogsDirectory= of " + name).isTrue();
            Files.createDirectories(host.resolve("var/log").resolve(logsDirectory.group(1)));
            Matcher exec = Pattern.compile("\nExecStart=([^\n]+)\n").matcher(unit);
            assertThat(exec.find()).as("ExecStart= of " + name).isTrue();
            List<String> words = List.of(exec.group(1).trim().split("\\s+"));
            assertThat(words).startsWith("/usr/bin/java").contains("--listen", CHECK_ADDRESS);
            Path journal = Files.createDirectories(host.resolve("var/log/journal")).resolve(name + ".out");
            check = ChildServer.start(name, port -> {
                List<String> line = new ArrayList<>();
                line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                for (String word : words.subList(1, words.size())) {
                    line.add(word.equals(CHECK_ADDRESS) ? "127.0.0.1:" + port
                            : word.startsWith("/") ? host.resolve(word.substring(1)).toString() : word);
                }
                return line;
            }, journal, journal);
        }

        @Override
        public void close() {
            if (check != null) {
                check.close();
            }
        }
    }
}
