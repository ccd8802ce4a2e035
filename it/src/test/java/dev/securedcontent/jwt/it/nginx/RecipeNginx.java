package dev.securedcontent.jwt.it.nginx;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.EnforcementPoint;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real nginx, started as a child process on a free loopback port, configured with the shipped
 * recipe (web-server/nginx) included unchanged, with its own logs and temp dirs.
 */
public final class RecipeNginx implements RecipeServer {
    static final Path NJS_MODULE = Path.of("/usr/lib/nginx/modules/ngx_http_js_module.so");
    /** Three and a half MiB: larger than a few chunks and than nginx's output buffers. */
    static final String CONTENT_PATH = RecipeServer.CONTENT_PATH;
    static final String PROXIED_PATH = "/proxied/app.pkg";
    /** A directory without an index file under /content/. */
    static final String DIRECTORY_PATH = "/content/packages/";
    /**
     * content-token-http.conf's state directory (verdict cache and verifier socket), and where
     * tests put it: {@code dir}/state, made mode 0700 unless the test created it first.
     */
    static final String STATE_DIR = "/run/nginx-content-token";

    private final ServerRoot root;
    /** The test's dir, as nginx sees it. */
    private final Path serverDir;
    /** Where the test reads and writes it. */
    private final Path dir;
    private final ChildServer server;
    private final byte[] content;

    private RecipeNginx(ServerRoot root, Path serverDir, ChildServer server, byte[] content) {
        this.root = root;
        this.serverDir = serverDir;
        this.dir = root.host(serverDir);
        this.server = server;
        this.content = content;
    }

    /**
     * Starts nginx in {@code dir} accepting {@code keys} (one PEM file each, in a keys directory)
     * and {@code extraKeys} (listed as separate files in $content_token_keys). Skips the calling
     * test when nginx or its njs module is absent, unless the environment variable CI is set.
     */
    static RecipeNginx start(Path dir, List<? extends PublicKey> keys, List<? extends PublicKey> extraKeys) throws IOException {
        return start(ServerRoot.HOST, dir, keys, extraKeys);
    }

    /**
     * The nginx recipe as an {@link EnforcementPoint}: the first key in the keys directory, the rest
     * as separate files (both ways of naming keys).
     */
    public static RecipeNginx point(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        return start(root, dir, keys.subList(0, 1), keys.subList(1, keys.size()));
    }

    /** As {@link #start(Path, List, List)}, with the nginx of {@code root}. */
    static RecipeNginx start(ServerRoot root, Path dir, List<? extends PublicKey> keys, List<? extends PublicKey> extraKeys)
            throws IOException {
        Path keyDir = Files.createDirectories(root.host(dir).resolve("keys"));
        for (int i = 0; i < keys.size(); i++) {
            Files.writeString(keyDir.resolve("key-" + i + ".pem"), RecipeServer.pem(keys.get(i)));
        }
        StringBuilder keySetting = new StringBuilder(dir.resolve("keys") + "/");
        Path extraDir = Files.createDirectories(root.host(dir).resolve("extra-keys"));
        for (int i = 0; i < extraKeys.size(); i++) {
            Files.writeString(extraDir.resolve("extra-" + i + ".pem"), RecipeServer.pem(extraKeys.get(i)));
            keySetting.append(' ').append(dir.resolve("extra-keys").resolve("extra-" + i + ".pem"));
        }
        return startServers(root, dir, List.of(keySetting.toString()), 2, "", Map.of());
    }

    /** Starts nginx in {@code dir} with {@code keySetting} as the value of $content_token_keys. */
    static RecipeNginx start(Path dir, String keySetting) throws IOException {
        return startServers(dir, List.of(keySetting), 2);
    }

    /**
     * Starts one nginx in {@code dir} with one recipe-protected {@code server} per entry of
     * {@code keySettings} (each its own port and its own $content_token_keys), as a host serving
     * several tenants does; {@link #uri(int, String)} addresses server i. With one worker, every
     * request meets the same verdict cache (each worker keeps its own).
     */
    static RecipeNginx startServers(Path dir, List<String> keySettings, int workers) throws IOException {
        return startServers(dir, keySettings, workers, "");
    }

    /**
     * As {@link #startServers(Path, List, int)}, with {@code httpDirectives} at the top of the
     * http block, as an admin's own settings that every server and location inherits.
     */
    static RecipeNginx startServers(Path dir, List<String> keySettings, int workers, String httpDirectives) throws IOException {
        return startServers(dir, keySettings, workers, httpDirectives, Map.of());
    }

    /**
     * As {@link #startServers(Path, List, int, String)}, with the recipe's files edited: each key
     * of {@code recipeEdits}, which must occur in them, replaced by its value (a setting an admin
     * may change, such as the check budget).
     */
    static RecipeNginx startServers(Path dir, List<String> keySettings, int workers, String httpDirectives,
            Map<String, String> recipeEdits) throws IOException {
        return startServers(ServerRoot.HOST, dir, keySettings, workers, httpDirectives, recipeEdits);
    }

    /**
     * As {@link #startServers(Path, List, int, String, Map)}, with the nginx of {@code root}; paths in
     * {@code keySettings} are as nginx sees them (under {@code dir}, the same either way).
     */
    static RecipeNginx startServers(ServerRoot root, Path dir, List<String> keySettings, int workers, String httpDirectives,
            Map<String, String> recipeEdits) throws IOException {
        Path nginx = nginxBinary(root);
        Path hostDir = root.host(dir);
        Path recipe = installRecipe(hostDir, dir, recipeEdits);
        byte[] content = new byte[RecipeServer.CONTENT_SIZE];
        new Random(20_260_101L).nextBytes(content);
        Path www = Files.createDirectories(hostDir.resolve("www/content"));
        Files.write(www.resolve("app.pkg"), content);
        Files.createDirectories(www.resolve("packages"));
        for (String sub : List.of("logs", "temp")) {
            Files.createDirectories(hostDir.resolve(sub));
        }

        Path conf = dir.resolve("nginx.conf");
        ChildServer server = ChildServer.start("nginx", keySettings.size(), ports -> {
            Files.writeString(root.host(conf), config(dir, recipe, ports, keySettings, workers, httpDirectives));
            return root.command(List.of(nginx.toString(), "-p", dir + "/", "-c", conf.toString(),
                    "-e", dir.resolve("logs/error.log").toString(), "-g", "daemon off;"));
        }, hostDir.resolve("logs/stdout.log"), hostDir.resolve("logs/error.log"));
        return new RecipeNginx(root, dir, server, content);
    }

    private static String config(Path dir, Path recipe, List<Integer> ports, List<String> keySettings, int workers,
            String httpDirectives) {
        // As root, nginx would run its workers as "nobody", who cannot read the test's private temp dir.
        String user = ChildServer.isRoot() ? "user root;\n" : "";
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < ports.size(); i++) {
            servers.append("  server {\n")
                    .append("    listen 127.0.0.1:").append(ports.get(i)).append(";\n")
                    .append("    access_log ").append(dir.resolve("logs/access.log")).append(" content_token;\n")
                    .append("    set $content_token_keys \"").append(keySettings.get(i)).append("\";\n")
                    .append("    include \"").append(recipe.resolve("content-token.conf")).append("\";\n")
                    // Test-only: the reason in every response, so parity compares reason by reason;
                    // the shipped recipe sends none to clients.
                    .append("    add_header ").append(RejectionReason.HEADER).append(" $content_token_reason always;\n")
                    .append("    location /content/ { root ").append(dir.resolve("www")).append("; try_files $uri =404; }\n")
                    .append("    location /proxied/ { proxy_pass http://origin$content_token_upstream_uri; }\n")
                    .append("  }\n");
        }
        return user
                + "load_module " + NJS_MODULE + ";\n"
                + "worker_processes " + workers + ";\n"
                + "pid " + dir.resolve("logs/nginx.pid") + ";\n"
                + "error_log " + dir.resolve("logs/error.log") + " warn;\n"
                + "events { worker_connections 512; }\n"
                + "http {\n"
                + httpDirectives
                + "  default_type application/octet-stream;\n"
                + "  client_body_temp_path " + dir.resolve("temp/body") + ";\n"
                + "  proxy_temp_path " + dir.resolve("temp/proxy") + ";\n"
                + "  fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";\n"
                + "  uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";\n"
                + "  scgi_temp_path " + dir.resolve("temp/scgi") + ";\n"
                + "  js_path \"" + recipe + "/\";\n"
                + "  include \"" + recipe.resolve("content-token-http.conf") + "\";\n"
                + "  log_format origin '$request_method $request_uri';\n"
                + "  upstream origin { server unix:" + dir.resolve("origin.sock") + "; }\n"
                + servers
                + "  server {\n"
                + "    listen unix:" + dir.resolve("origin.sock") + ";\n"
                + "    access_log " + dir.resolve("logs/origin.log") + " origin;\n"
                + "    location /proxied/ { alias " + dir.resolve("www/content") + "/; }\n"
                + "  }\n"
                + "}\n";
    }

    /** http://127.0.0.1:port + pathAndQuery, on the first (or only) server. */
    @Override
    public URI uri(String pathAndQuery) {
        return uri(0, pathAndQuery);
    }

    /** http://127.0.0.1:port + pathAndQuery, on server {@code server} (0-based, in start order). */
    URI uri(int server, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + this.server.ports().get(server) + pathAndQuery);
    }

    int port() {
        return server.port();
    }

    /** The served file's bytes. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    String accessLog() {
        return ChildServer.read(dir.resolve("logs/access.log"));
    }

    /** The access log once it holds {@code lines} lines, or after 10 s (nginx logs after answering). */
    @Override
    public String accessLog(int lines) {
        return server.awaitLog(dir.resolve("logs/access.log"), log -> log.lines().count() >= lines);
    }

    @Override
    public String errorLog() {
        return ChildServer.read(dir.resolve("logs/error.log"));
    }

    /** The access log of the upstream behind /proxied/: what an origin server would see. */
    String originLog() {
        return ChildServer.read(dir.resolve("logs/origin.log"));
    }

    /**
     * {@code nginx -s reload}, as an admin does after changing keys; returns once every nginx
     * process from before the reload has exited (its successors then serve every connection).
     */
    void reload() throws IOException {
        List<ProcessHandle> before = server.descendants();
        Path output = dir.resolve("logs/reload.log");
        Process reload = new ProcessBuilder(root.command(List.of(nginxBinary(root).toString(), "-s", "reload", "-p", serverDir + "/",
                "-c", serverDir.resolve("nginx.conf").toString(), "-e", serverDir.resolve("logs/error.log").toString())))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!reload.waitFor(ChildServer.STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || reload.exitValue() != 0) {
                throw new IOException("nginx -s reload failed: " + ChildServer.read(output) + errorLog());
            }
            for (ProcessHandle old : before) {
                old.onExit().get(ChildServer.STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while nginx reloaded", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("nginx processes from before the reload did not exit within " + ChildServer.STARTUP_TIMEOUT, e);
        }
    }

    /** How many verdicts the recipe's verdict cache holds on disk. */
    long verdictCacheEntries() throws IOException {
        Path cache = dir.resolve("state/verdicts");
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Override
    public void close() {
        server.close();
        root.forget(serverDir);
    }

    /** The nginx binary of {@code root}, as nginx sees it; skips (or, under CI, fails) when nginx or njs is missing. */
    static Path nginxBinary(ServerRoot root) {
        return root.isHost() ? nginxBinary() : root.installed("nginx", List.of(NJS_MODULE), "nginx libnginx-mod-http-js");
    }

    /** The nginx binary; skips (or, under CI, fails) when nginx or the njs module is missing. */
    static Path nginxBinary() {
        Optional<Path> nginx = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(p -> Path.of(p, "nginx")),
                        Stream.of(Path.of("/usr/sbin/nginx")))
                .filter(Files::isExecutable)
                .findFirst();
        boolean present = nginx.isPresent() && Files.isReadable(NJS_MODULE);
        String missing = "nginx with the njs module (" + NJS_MODULE + ") is not installed; "
                + "apt-get install nginx libnginx-mod-http-js";
        if (!present && System.getenv("CI") != null) {
            fail("CI is set but " + missing);
        }
        assumeTrue(present, missing);
        return nginx.orElseThrow();
    }

    /**
     * The recipe's files copied to {@code dir}/recipe unchanged but for its state directory
     * (verdict cache, verifier socket), which moves to {@code dir}/state/, so that several nginx
     * instances run side by side.
     */
    static Path installRecipe(Path dir) throws IOException {
        return installRecipe(dir, dir, Map.of());
    }

    /** Installs into {@code hostDir}; returns the recipe's dir as nginx sees it (under {@code serverDir}). */
    private static Path installRecipe(Path hostDir, Path serverDir, Map<String, String> edits) throws IOException {
        Path installed = Files.createDirectories(hostDir.resolve("recipe"));
        Path hostState = hostDir.resolve("state");
        Path state = serverDir.resolve("state");
        if (!Files.exists(hostState, LinkOption.NOFOLLOW_LINKS)) {
            // As the recipe's tmpfiles entry makes it: the worker user's alone.
            Files.createDirectory(hostState, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String http = Files.readString(recipeDir().resolve("content-token-http.conf"));
        if (!http.contains(STATE_DIR)) {
            throw new IllegalStateException("content-token-http.conf no longer uses " + STATE_DIR);
        }
        Set<String> applied = new HashSet<>();
        try (Stream<Path> files = Files.list(recipeDir())) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                text = text.replace(STATE_DIR, state.toString());
                for (Map.Entry<String, String> e : edits.entrySet()) {
                    if (text.contains(e.getKey())) {
                        text = text.replace(e.getKey(), e.getValue());
                        applied.add(e.getKey());
                    }
                }
                Files.writeString(installed.resolve(file.getFileName()), text);
            }
        }
        if (!applied.containsAll(edits.keySet())) {
            throw new IllegalStateException("the recipe no longer contains " + edits.keySet() + " (found only " + applied + ")");
        }
        return serverDir.resolve("recipe");
    }

    /** web-server/nginx of this checkout. */
    public static Path recipeDir() {
        return RecipeServer.recipeDir("nginx");
    }
}
