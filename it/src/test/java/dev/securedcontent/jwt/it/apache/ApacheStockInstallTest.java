package dev.securedcontent.jwt.it.apache;

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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * web-server/apache installed as an admin would: onto a copy of Debian's stock /etc/apache2 (its
 * default site, its other-vhosts access log, the modules the packages enabled), following the
 * README's install steps one by one with only paths and ports changed. Valid tokens must be
 * served, and no file anywhere under the tree may hold a token's signature afterwards.
 */
class ApacheStockInstallTest {
    /** The stock configuration, as the Debian packages installed it. */
    static final Path STOCK = Path.of("/etc/apache2");
    /** The README's install steps, in order; the test knows how to follow each (paths changed). */
    static final List<String> STEPS = List.of(
            "apt-get install apache2 libapache2-mod-oauth2",
            "mkdir -p /etc/apache2/content-token",
            "cp content-token.conf /etc/apache2/content-token/",
            "cp content-token-site.conf /etc/apache2/sites-available/",
            "a2dissite 000-default",
            "a2disconf other-vhosts-access-log",
            "a2ensite content-token-site");
    /**
     * JamfTokenShapes.valid that the recipe refuses: the rows valid-kid, valid-iat-nbf-past and
     * valid-exp-in-skew its README lists.
     */
    static final Set<String> REFUSED_VALID_SHAPES = new TreeSet<>(List.of("kid of the signing key", "typ JWT and kid",
            "iat and nbf 30 s ago", "typ JWT, iat and nbf 30 s ago", "exp 30 s ago, inside the 60 s skew", "typ JWT, exp 30 s ago"));

    /** Whose packages and stock configuration: the machine's own (a subclass: Debian 13's root). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Test
    void theReadmeStepsOnDebiansStockConfigurationServeValidTokensLogNoTokenAndPassTheAudit(@TempDir Path dir) throws Exception {
        ServerRoot root = root();
        Path apache = root.installed("apache2", List.of(RecipeApache.MODULES.resolve("mod_oauth2.so"),
                STOCK.resolve("apache2.conf"), Path.of("/usr/sbin/a2ensite")), "apache2 libapache2-mod-oauth2");
        StockInstall.inTree(root, dir, (tree, host) -> installAndProve(root, apache, tree, host));
    }

    private void installAndProve(ServerRoot root, Path apache, Path tree, Path host) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Path etc = host.resolve("etc/apache2");
        StockInstall.copyTree(root.host(STOCK), etc);
        Path www = Files.createDirectories(host.resolve("var/www/html/content"));
        Files.write(www.resolve("app.pkg"), new byte[64 * 1024]);
        Path logs = Files.createDirectories(host.resolve("var/log/apache2"));
        Files.createDirectories(host.resolve("run/apache2"));
        Files.createDirectories(host.resolve("lock/apache2"));

        String readme = Files.readString(RecipeApache.recipeDir().resolve("README.md"));
        int at = 0;
        for (String step : STEPS) {
            // The README's steps, in this order, each at the start of a line (a comment may follow).
            int found = readme.indexOf("\n" + step, at);
            assertThat(found).as("README.md step after the previous one: " + step).isPositive();
            at = found + step.length();
            follow(step, root, tree, host);
        }
        // The Keys section's keys.conf: one OAuth2TokenVerify line per key.
        Files.writeString(etc.resolve("content-token/keys.conf"), RecipeApache.keysConf(List.of((RSAPublicKey) keys.getPublic())));
        // Paths only: every file of the tree that names /etc/apache2 or /var/www now names the copy.
        StockInstall.movePaths(etc, Map.of("/etc/apache2", tree.resolve("etc/apache2").toString(),
                "/var/www", tree.resolve("var/www").toString()));
        if (ChildServer.isRoot()) {
            StockInstall.reachableByWorkers(root, host);
            readableByWorkers(host);
        }
        String ports = Files.readString(etc.resolve("ports.conf"));
        Map<Path, String> sites = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(etc.resolve("sites-available"))) {
            for (Path f : files.toList()) {
                sites.put(f, Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        Path run = tree.resolve("run/apache2");
        List<String> env = List.of("/usr/bin/env", "APACHE_RUN_USER=www-data", "APACHE_RUN_GROUP=www-data",
                "APACHE_PID_FILE=" + run.resolve("apache2.pid"), "APACHE_RUN_DIR=" + run,
                "APACHE_LOCK_DIR=" + tree.resolve("lock/apache2"), "APACHE_LOG_DIR=" + tree.resolve("var/log/apache2"), "LANG=C");
        Map<String, String> sent = new LinkedHashMap<>();
        try (ChildServer server = ChildServer.start("apache2", port -> {
            // Ports only: Debian's Listen 80 and the sites' *:80 become a free loopback port.
            Files.writeString(etc.resolve("ports.conf"), ports.replace("Listen 80\n", "Listen 127.0.0.1:" + port + "\n"));
            for (Map.Entry<Path, String> site : sites.entrySet()) {
                // Every site's, so a stock site left enabled would answer on the same port as on port 80.
                Files.writeString(site.getKey(), site.getValue().replace("*:80>", "*:" + port + ">"), StandardCharsets.ISO_8859_1);
            }
            List<String> command = new ArrayList<>(env);
            command.addAll(List.of(apache.toString(), "-d", tree.resolve("etc/apache2").toString(),
                    "-f", tree.resolve("etc/apache2/apache2.conf").toString(), "-DFOREGROUND"));
            return root.command(command);
        }, host.resolve("apache2.out"), logs.resolve("error.log"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            sent.put("Jamf Pro's token", BadTokenCorpus.jamfToken(keys.getPrivate(), Clock.systemUTC()));
            Map<String, String> valid = JamfTokenShapes.valid(keys, Clock.systemUTC());
            Map<String, String> refused = JamfTokenShapes.refused(keys, Clock.systemUTC());
            sent.putAll(valid);
            sent.putAll(refused);
            Set<String> refusedValid = new TreeSet<>();
            for (Map.Entry<String, String> token : valid.entrySet()) {
                HttpResponse<byte[]> response = send(http, server, "GET", token.getValue());
                if (response.statusCode() != 206) {
                    refusedValid.add(token.getKey());
                }
            }
            assertThat(refusedValid).as("valid shapes refused: only the rows README.md lists").isEqualTo(REFUSED_VALID_SHAPES);
            for (Map.Entry<String, String> token : refused.entrySet()) {
                assertThat(send(http, server, "GET", token.getValue()).statusCode()).as(token.getKey()).isIn(401, 403);
            }
            String other = BadTokenCorpus.jamfToken(BadTokenCorpus.newKeyPair().getPrivate(), Clock.systemUTC());
            sent.put("another key's", other);
            assertThat(send(http, server, "GET", other).statusCode()).isEqualTo(401);
            // TraceEnable Off: TRACE is refused before anything is echoed.
            assertThat(send(http, server, "TRACE", sent.get("Jamf Pro's token")).statusCode()).isEqualTo(405);
            server.awaitLog(logs.resolve("access.log"), text -> text.lines().count() >= sent.size() + 1);

            StockInstall.auditStrictly((RSAPrivateCrtKey) keys.getPrivate(),
                    URI.create("http://127.0.0.1:" + server.port() + RecipeServer.CONTENT_PATH), EnforcementPoints.APACHE.matrix().open().keySet());
        }

        // The README's Logs section: the path without the query, the status.
        assertThat(Files.readString(logs.resolve("access.log"))).contains(RecipeServer.CONTENT_PATH + " HTTP/1.1\" 206")
                .doesNotContain("token=");
        assertThat(StockInstall.filesHoldingATokenIn(host, sent, f -> false)).isEmpty();
    }

    /** Follows one README step on the copy under {@code root}; a step it cannot follow fails the test. */
    private static void follow(String step, ServerRoot root, Path tree, Path host) throws IOException, InterruptedException {
        String[] words = step.split(" ");
        switch (words[0]) {
            case "apt-get" -> { } // checked: the packages are installed (ChildServer.installed)
            case "mkdir" -> Files.createDirectories(host.resolve(words[2].substring(1)));
            case "cp" -> Files.copy(RecipeApache.recipeDir().resolve(words[1]),
                    host.resolve(words[2].substring(1)).resolve(words[1]), StandardCopyOption.REPLACE_EXISTING);
            case "a2dissite", "a2disconf", "a2ensite", "a2enmod" -> {
                // Debian's own scripts (the root's, in it), pointed at the copy (and their state markers kept in it).
                ProcessBuilder builder = new ProcessBuilder(root.command(List.of("/usr/sbin/" + words[0], "-q", words[1])))
                        .redirectErrorStream(true);
                builder.environment().put("APACHE_CONFDIR", tree.resolve("etc/apache2").toString());
                builder.environment().put("APACHE_STATE_DIRECTORY", tree.resolve("var/lib/apache2").toString());
                Process p = builder.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(step + ": " + out).isZero();
            }
            default -> fail("the README step '" + step + "' is one this test cannot follow");
        }
    }

    /** Apache's workers run as www-data, who must reach the served file through the test's temp dirs. */
    private static void readableByWorkers(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("var/www"))) {
            for (Path p : Stream.concat(Stream.of(root, root.resolve("var")), files).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static HttpResponse<byte[]> send(HttpClient http, ChildServer server, String method, String token)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + RecipeServer.CONTENT_PATH + "?token=" + token))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Range", "bytes=0-15")
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
