package dev.securedcontent.jwt.it.apache;

import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Apache httpd with mod_oauth2, started in the foreground on a free loopback port with
 * web-server/apache/content-token.conf included unchanged (but for where it finds keys.conf)
 * in {@code <Location "/content/">}, with its own logs.
 */
public final class RecipeApache implements RecipeServer {
    static final Path MODULES = Path.of("/usr/lib/apache2/modules");
    /** The recipe's keys.conf path prefix, and the test's. */
    static final String KEYS_DIR = "/etc/apache2/content-token/";

    private final ServerRoot root;
    /** The test's dir, as Apache sees it. */
    private final Path serverDir;
    /** Where the test reads and writes it. */
    private final Path dir;
    private final ChildServer server;
    private final byte[] content;

    private RecipeApache(ServerRoot root, Path serverDir, ChildServer server, byte[] content) {
        this.root = root;
        this.serverDir = serverDir;
        this.dir = root.host(serverDir);
        this.server = server;
        this.content = content;
    }

    /** Starts Apache in {@code dir} accepting tokens signed for any of {@code keys} (one keys.conf line each). */
    static RecipeApache start(Path dir, List<RSAPublicKey> keys) throws IOException {
        return start(dir, keys, Files.readString(recipeDir().resolve("content-token.conf")));
    }

    /** As {@link #start(Path, List)}, with {@code contentTokenConf} in place of the recipe's content-token.conf. */
    static RecipeApache start(Path dir, List<RSAPublicKey> keys, String contentTokenConf) throws IOException {
        return start(ServerRoot.HOST, dir, keys, contentTokenConf);
    }

    /** As {@link #start(Path, List)}, with the Apache of {@code root}. */
    public static RecipeApache start(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        return start(root, dir, keys, Files.readString(recipeDir().resolve("content-token.conf")));
    }

    /** As {@link #start(Path, List, String)}, with the Apache of {@code root}. */
    public static RecipeApache start(ServerRoot root, Path serverDir, List<RSAPublicKey> keys, String contentTokenConf) throws IOException {
        Path apache = root.installed("apache2", List.of(MODULES.resolve("mod_oauth2.so")), "apache2 libapache2-mod-oauth2");
        Path dir = root.host(serverDir);
        Path recipe = serverDir.resolve("recipe");
        Files.createDirectories(root.host(recipe));
        Files.writeString(root.host(recipe).resolve("content-token.conf"), contentTokenConf.replace(KEYS_DIR, recipe + "/"));
        Files.writeString(root.host(recipe).resolve("keys.conf"), keysConf(keys));
        byte[] content = new byte[RecipeServer.CONTENT_SIZE];
        new Random(20_260_101L).nextBytes(content);
        Path www = Files.createDirectories(dir.resolve("www/content"));
        Files.write(www.resolve("app.pkg"), content);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("run"));
        if (ChildServer.isRoot()) {
            // Apache's workers run as www-data, who must reach the served file through the test's temp dirs.
            Path tmp = root.host(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            for (Path p = dir.toAbsolutePath().getParent(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, permissions);
            }
            try (Stream<Path> files = Files.walk(dir.resolve("www"))) {
                for (Path p : Stream.concat(Stream.of(dir), files).toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        Path conf = serverDir.resolve("httpd.conf");
        ChildServer server = ChildServer.start("apache2", port -> {
            Files.writeString(root.host(conf), config(serverDir, recipe, port));
            return root.command(List.of(apache.toString(), "-f", conf.toString(), "-DFOREGROUND"));
        }, logs.resolve("stdout.log"), logs.resolve("error.log"));
        return new RecipeApache(root, serverDir, server, content);
    }

    /** The recipe's content-token.conf without its Require expr lines: mod_oauth2 configured as its documentation shows. */
    public static String modOauth2Alone() throws IOException {
        return Files.readString(recipeDir().resolve("content-token.conf")).lines()
                .filter(line -> !line.strip().startsWith("Require expr")).collect(Collectors.joining("\n"));
    }

    /** One OAuth2TokenVerify line per key, as the README shows them. */
    static String keysConf(List<RSAPublicKey> keys) {
        StringBuilder conf = new StringBuilder();
        for (RSAPublicKey key : keys) {
            String jwk = RsaKeys.toJwks(List.of(key)).lines().filter(l -> l.contains("\"kty\"")).findFirst().orElseThrow().strip();
            conf.append("OAuth2TokenVerify jwk '").append(jwk)
                    .append("' verify.exp=required&verify.iss=skip&verify.iat=optional&verify.iat.slack_before=86400&verify.iat.slack_after=60&expiry=1\n");
        }
        return conf.toString();
    }

    private static String config(Path dir, Path recipe, int port) {
        StringBuilder conf = new StringBuilder();
        conf.append("ServerRoot ").append(dir).append('\n')
                .append("DefaultRuntimeDir ").append(dir.resolve("run")).append('\n')
                .append("Listen 127.0.0.1:").append(port).append('\n')
                .append("PidFile ").append(dir.resolve("run/httpd.pid")).append('\n')
                .append("ErrorLog ").append(dir.resolve("logs/error.log")).append('\n');
        for (Map.Entry<String, String> module : Map.of("mpm_event_module", "mod_mpm_event.so",
                "authn_core_module", "mod_authn_core.so", "authz_core_module", "mod_authz_core.so",
                "oauth2_module", "mod_oauth2.so").entrySet()) {
            conf.append("LoadModule ").append(module.getKey()).append(' ').append(MODULES.resolve(module.getValue())).append('\n');
        }
        if (ChildServer.isRoot()) {
            conf.append("User www-data\nGroup www-data\n");
        }
        // The server-level lines of the recipe's site file (TraceEnable Off), as the README installs them.
        serverLevelLines().forEach(line -> conf.append(line).append('\n'));
        return conf.append("ServerName localhost\n")
                .append("DocumentRoot ").append(dir.resolve("www")).append('\n')
                // The recipe README's log format: the path (%U), never the query that holds the token.
                .append("LogFormat \"%h %t \\\"%m %U %H\\\" %>s %b\" content_token\n")
                .append("CustomLog ").append(dir.resolve("logs/access.log")).append(" content_token\n")
                .append("<Directory />\n  Require all granted\n</Directory>\n")
                .append("<Location \"/content/\">\n  Include ").append(recipe.resolve("content-token.conf")).append("\n</Location>\n")
                .toString();
    }

    /** The directives of content-token-site.conf before its {@code <VirtualHost>}: those it sets for the whole server. */
    static List<String> serverLevelLines() {
        try {
            String site = Files.readString(recipeDir().resolve("content-token-site.conf"));
            return site.substring(0, site.indexOf("<VirtualHost")).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** web-server/apache of this checkout. */
    static Path recipeDir() {
        return RecipeServer.recipeDir("apache");
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public String accessLog(int lines) {
        return server.awaitLog(dir.resolve("logs/access.log"), text -> text.lines().count() >= lines);
    }

    @Override
    public String errorLog() {
        return ChildServer.read(dir.resolve("logs/error.log"));
    }

    @Override
    public void close() {
        server.close();
        root.forget(serverDir);
    }
}
