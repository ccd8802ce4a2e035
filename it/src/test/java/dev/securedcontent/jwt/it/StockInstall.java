package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import dev.securedcontent.jwt.core.BadTokenCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the *StockInstallTest classes share: a package's stock configuration copied into a test
 * tree (with only its paths moved), a strict audit with the page's listed rows, and a search of
 * every file of the tree for a whole token.
 */
public final class StockInstall {
    /** A whole compact JWS whose header and payload are JSON objects: header.payload.signature of some length. */
    static final Pattern WHOLE_TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{16,}");

    private StockInstall() {}

    /** A stock-install test's body: {@code tree} as the server sees it, {@code host} where the test writes and reads it. */
    @FunctionalInterface
    public interface InTree {
        void run(Path tree, Path host) throws Exception;
    }

    /**
     * Runs {@code body} on a tree under {@code dir} (the test's temp dir): the server of
     * {@code root} sees it as {@code dir}/tree; the test writes it where that is on this machine.
     * Whatever the test wrote into a root is deleted after.
     */
    public static void inTree(ServerRoot root, Path dir, InTree body) throws Exception {
        Path tree = dir.resolve("tree");
        Path host = Files.createDirectories(root.host(tree));
        try {
            body.run(tree, host);
        } finally {
            root.forget(dir);
        }
    }

    /** Copies {@code from} to {@code to} as {@code cp -a} would: links stay links, pointing where they pointed. */
    public static void copyTree(Path from, Path to) throws IOException {
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

    /**
     * Paths only: in every regular file under {@code dir}, each key of {@code moves} (a path of the
     * stock system) becomes its value (the same path in the test's tree, as the server sees it);
     * symbolic links pointing into a moved path point into its copy.
     */
    public static void movePaths(Path dir, Map<String, String> moves) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                if (Files.isSymbolicLink(f)) {
                    String target = Files.readSymbolicLink(f).toString();
                    String moved = move(target, moves);
                    if (!moved.equals(target)) {
                        Files.delete(f);
                        Files.createSymbolicLink(f, Path.of(moved));
                    }
                } else if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    String moved = move(text, moves);
                    if (!moved.equals(text)) {
                        Files.writeString(f, moved, StandardCharsets.ISO_8859_1);
                    }
                }
            }
        }
    }

    private static String move(String text, Map<String, String> moves) {
        for (Map.Entry<String, String> m : moves.entrySet()) {
            text = text.replace(m.getKey(), m.getValue());
        }
        return text;
    }

    /** The server's workers (www-data) must reach the tree through the test's temp dirs, as they reach /etc and /srv. */
    public static void reachableByWorkers(ServerRoot root, Path hostTree) throws IOException {
        Path tmp = root.host(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        for (Path p = hostTree.toAbsolutePath(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(p, permissions);
        }
    }

    /**
     * jwt:audit's engine, strict, against {@code url}: every case passes but exactly {@code listedRows}
     * (the rows the server's page lists), and no hole at all.
     */
    public static AuditReport auditStrictly(RSAPrivateCrtKey key, URI url, Set<String> listedRows) {
        AuditReport report = ContentServerAudit.builder().privateKey(key).allowPlainHttpToLoopback().build().run(url);
        Map<String, String> failed = new TreeMap<>();
        report.results().stream().filter(r -> r.verdict() != AuditReport.Verdict.PASSED)
                .forEach(r -> failed.put(r.auditCase().id(), r.auditCase().severity() + " " + r.verdict() + ": " + r.detail()));
        assertThat(failed.keySet()).as("cases other than PASSED: " + failed).containsExactlyInAnyOrderElementsOf(listedRows);
        assertThat(report.passes(false)).as(report.summary(false)).isTrue();
        return report;
    }

    /**
     * Every file under {@code hostTree} (but those {@code skip} names) that holds a whole token:
     * one of {@code sent} (by its signature) or any other (the audit's, by {@link #WHOLE_TOKEN}).
     */
    public static List<String> filesHoldingATokenIn(Path hostTree, Map<String, String> sent, Predicate<Path> skip) throws IOException {
        List<String> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(hostTree)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !skip.test(p)).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                sent.forEach((name, token) -> {
                    if (text.contains(token.substring(token.lastIndexOf('.') + 1))) {
                        holding.add(hostTree.relativize(f) + " holds the signature of " + name);
                    }
                });
                Matcher any = WHOLE_TOKEN.matcher(text);
                if (any.find()) {
                    holding.add(hostTree.relativize(f) + " holds a whole token: " + any.group().substring(0, 20) + "...");
                }
            }
        }
        return holding;
    }

    /**
     * Where {@code step} stands in {@code page} (spaces collapsed) after {@code at}: at the start of a
     * line (a comment may follow) or in `...`; the index after it. A step missing, or out of the
     * page's order, fails the test.
     */
    public static int stepAfter(String page, String step, int at) {
        int line = page.indexOf("\n" + step, at);
        int inline = page.indexOf("`" + step + "`", at);
        int found = line < 0 ? inline : inline < 0 ? line : Math.min(line, inline);
        assertThat(found).as("the page's step after the previous one: " + step).isPositive();
        return found + step.length();
    }

    /**
     * Ports only: in the copy {@code etc} of /etc/nginx, {@code site}'s (sites-available/...)
     * {@code listen 443 ssl} becomes plain http on {@code port} (no certificate: its lines go), the
     * default site's port 80 {@code defaultPort} on loopback.
     */
    public static void moveNginxSitePorts(Path etc, String site, int port, int defaultPort) throws IOException {
        Path file = etc.resolve("sites-available").resolve(site);
        String moved = Files.readString(file).lines().filter(l -> !l.strip().startsWith("ssl_certificate"))
                .map(l -> l.replaceAll("listen (443 ssl|127\\.0\\.0\\.1:\\d+);", "listen 127.0.0.1:" + port + ";"))
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(moved).as("the site's listen line").contains("listen 127.0.0.1:" + port + ";");
        Files.writeString(file, moved);
        Path defaultSite = etc.resolve("sites-available/default");
        String text = Files.readString(defaultSite);
        Files.writeString(defaultSite, text.replaceAll("\n\\s*listen \\[::\\]:80 default_server;", "")
                .replaceAll("listen (80|127\\.0\\.0\\.1:\\d+) default_server;", "listen 127.0.0.1:" + defaultPort + " default_server;"));
    }

    /** A Range GET (bytes 0-15) of {@code uri}, as a device downloading in pieces sends it. */
    public static HttpResponse<Void> rangeGet(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).header("Range", "bytes=0-15").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** rwx notation of an octal mode's last three digits ("640": "rw-r-----"). */
    public static String rwx(String octal) {
        StringBuilder s = new StringBuilder();
        for (char c : octal.substring(octal.length() - 3).toCharArray()) {
            int d = c - '0';
            s.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }

    /**
     * What a page's promise is tested with: every shape Jamf Pro may send, every neighbour past the
     * limits, a token of another key, and none.
     *
     * @param sent the tokens sent, by name (to search files for; a test may add those it sends later)
     * @param valid the names of the shapes that must be served
     * @param responses the response to each, "no token" included
     */
    public record EveryShape(Map<String, String> sent, Set<String> valid, Map<String, HttpResponse<Void>> responses) {
        /**
         * Sends each once to {@code url} (the token in its query) by {@code get}, and asserts the
         * verdicts: 206 for every valid shape, 403 for every refused one and another key's, 401 for none.
         */
        public static EveryShape send(KeyPair keys, URI url, Function<URI, HttpResponse<Void>> get) {
            Map<String, String> valid = JamfTokenShapes.valid(keys, Clock.systemUTC());
            Map<String, String> sent = new LinkedHashMap<>(valid);
            sent.putAll(JamfTokenShapes.refused(keys, Clock.systemUTC()));
            sent.put("another key's", BadTokenCorpus.jamfToken(BadTokenCorpus.newKeyPair().getPrivate(), Clock.systemUTC()));
            Map<String, HttpResponse<Void>> responses = new LinkedHashMap<>();
            sent.forEach((name, token) -> responses.put(name, get.apply(URI.create(url + "?token=" + token))));
            responses.put("no token", get.apply(url));
            responses.forEach((name, response) -> assertThat(response.statusCode()).as(name)
                    .isEqualTo(valid.containsKey(name) ? 206 : name.equals("no token") ? 401 : 403));
            return new EveryShape(sent, Set.copyOf(valid.keySet()), responses);
        }

        /** How many requests were sent: the lines an access log must reach. */
        public int requests() {
            return responses.size();
        }
    }
}
