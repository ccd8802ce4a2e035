package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.PemKeys;
import dev.securedcontent.jwt.core.RawJws;
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
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @Test
    void theReadmeStepsOnDebiansStockConfigurationServeValidTokensAndLogNoToken(@TempDir Path root) throws Exception {
        Path apache = ChildServer.installed("apache2", List.of(RecipeApache.MODULES.resolve("mod_oauth2.so"),
                STOCK.resolve("apache2.conf"), Path.of("/usr/sbin/a2ensite")), "apache2 libapache2-mod-oauth2");
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Path etc = root.resolve("etc/apache2");
        copyTree(STOCK, etc);
        Path www = Files.createDirectories(root.resolve("var/www/html/content"));
        byte[] content = new byte[4096];
        Files.write(www.resolve("app.pkg"), content);
        Path logs = Files.createDirectories(root.resolve("var/log/apache2"));
        Path run = Files.createDirectories(root.resolve("run/apache2"));
        Files.createDirectories(root.resolve("lock/apache2"));

        String readme = Files.readString(RecipeApache.recipeDir().resolve("README.md"));
        int at = 0;
        for (String step : STEPS) {
            // The README's steps, in this order, each at the start of a line (a comment may follow).
            int found = readme.indexOf("\n" + step, at);
            assertThat(found).as("README.md step after the previous one: " + step).isPositive();
            at = found + step.length();
            follow(step, root, etc);
        }
        // The Keys section's keys.conf: one OAuth2TokenVerify line per key.
        Files.writeString(etc.resolve("content-token/keys.conf"), RecipeApache.keysConf(List.of((RSAPublicKey) keys.getPublic())));
        // Paths only: every file of the tree that names /etc/apache2 or /var/www now names the copy.
        try (Stream<Path> files = Files.walk(etc)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                String moved = text.replace("/etc/apache2", etc.toString()).replace("/var/www", root.resolve("var/www").toString());
                if (!moved.equals(text)) {
                    Files.writeString(f, moved, StandardCharsets.ISO_8859_1);
                }
            }
        }
        if (ChildServer.isRoot()) {
            readableByWorkers(root);
        }
        String ports = Files.readString(etc.resolve("ports.conf"));
        Map<Path, String> sites = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(etc.resolve("sites-available"))) {
            for (Path f : files.toList()) {
                sites.put(f, Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        List<String> env = List.of("/usr/bin/env", "APACHE_RUN_USER=www-data", "APACHE_RUN_GROUP=www-data",
                "APACHE_PID_FILE=" + run.resolve("apache2.pid"), "APACHE_RUN_DIR=" + run,
                "APACHE_LOCK_DIR=" + root.resolve("lock/apache2"), "APACHE_LOG_DIR=" + logs, "LANG=C");
        Map<String, String> sent = new LinkedHashMap<>();
        try (ChildServer server = ChildServer.start("apache2", port -> {
            // Ports only: Debian's Listen 80 and the sites' *:80 become a free loopback port.
            Files.writeString(etc.resolve("ports.conf"), ports.replace("Listen 80\n", "Listen 127.0.0.1:" + port + "\n"));
            for (Map.Entry<Path, String> site : sites.entrySet()) {
                // Every site's, so a stock site left enabled would answer on the same port as on port 80.
                Files.writeString(site.getKey(), site.getValue().replace("*:80>", "*:" + port + ">"), StandardCharsets.ISO_8859_1);
            }
            List<String> command = new ArrayList<>(env);
            command.addAll(List.of(apache.toString(), "-d", etc.toString(), "-f", etc.resolve("apache2.conf").toString(), "-DFOREGROUND"));
            return command;
        }, root.resolve("apache2.out"), logs.resolve("error.log"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Instant now = Instant.now();
            long t = now.getEpochSecond();
            sent.put("Jamf Pro's token", BadTokenCorpus.jamfToken(keys.getPrivate(), Clock.systemUTC()));
            sent.put("typ JWT", RawJws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                    BadTokenCorpus.jamfPayload(now.plusSeconds(300)), keys.getPrivate()));
            sent.put("iat in the past", RawJws.rs256("{\"alg\":\"RS256\"}",
                    "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (t + 300) + ",\"iat\":" + (t - 10) + "}", keys.getPrivate()));
            sent.put("claims reordered, a jti", RawJws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                    "{\"exp\":" + (t + 300) + ",\"jti\":\"" + PemKeys.thumbprint((RSAPublicKey) keys.getPublic())
                            + "\",\"iss\":\"JSS\",\"sub\":\"AppManifest\"}", keys.getPrivate()));
            for (Map.Entry<String, String> token : sent.entrySet()) {
                HttpResponse<byte[]> response = send(http, server, "GET", token.getValue());
                assertThat(response.statusCode()).as(token.getKey()).isEqualTo(206);
            }
            String other = BadTokenCorpus.jamfToken(BadTokenCorpus.newKeyPair().getPrivate(), Clock.systemUTC());
            sent.put("another key's", other);
            assertThat(send(http, server, "GET", other).statusCode()).isEqualTo(401);
            // TraceEnable Off: TRACE is refused before anything is echoed.
            assertThat(send(http, server, "TRACE", sent.get("Jamf Pro's token")).statusCode()).isEqualTo(405);
            server.awaitLog(logs.resolve("access.log"), text -> text.lines().count() >= sent.size() + 1);
        }

        assertThat(Files.readString(logs.resolve("access.log"))).contains(RecipeServer.CONTENT_PATH + " HTTP/1.1\" 206");
        List<String> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                sent.forEach((name, token) -> {
                    if (text.contains(token.substring(token.lastIndexOf('.') + 1))) {
                        holding.add(root.relativize(f) + " holds the signature of " + name);
                    }
                });
            }
        }
        assertThat(holding).isEmpty();
    }

    /** Follows one README step on the copy under {@code root}; a step it cannot follow fails the test. */
    private static void follow(String step, Path root, Path etc) throws IOException, InterruptedException {
        String[] words = step.split(" ");
        switch (words[0]) {
            case "apt-get" -> { } // checked: the packages are installed (ChildServer.installed)
            case "mkdir" -> Files.createDirectories(root.resolve(words[2].substring(1)));
            case "cp" -> Files.copy(RecipeApache.recipeDir().resolve(words[1]),
                    root.resolve(words[2].substring(1)).resolve(words[1]), StandardCopyOption.REPLACE_EXISTING);
            case "a2dissite", "a2disconf", "a2ensite", "a2enmod" -> {
                // Debian's own scripts, pointed at the copy (and their state markers kept in it).
                ProcessBuilder builder = new ProcessBuilder("/usr/sbin/" + words[0], "-q", words[1]).redirectErrorStream(true);
                builder.environment().put("APACHE_CONFDIR", etc.toString());
                builder.environment().put("APACHE_STATE_DIRECTORY", root.resolve("var/lib/apache2").toString());
                Process p = builder.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(step + ": " + out).isZero();
            }
            default -> fail("the README step '" + step + "' is one this test cannot follow");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Apache's workers run as www-data, who must reach the served file through the test's temp dirs. */
    private static void readableByWorkers(Path root) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        for (Path p = root.toAbsolutePath().getParent(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(p, permissions);
        }
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
