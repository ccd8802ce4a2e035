package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.EnforcementPoint;
import dev.securedcontent.jwt.it.ServerRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The built jwt-gateway/target/content-token.jar run as a child process, as an admin runs it:
 * {@code java -jar content-token.jar <command> ... --listen 127.0.0.1:<free port>}.
 */
public final class ContentTokenJar implements AutoCloseable {
    private final ChildServer server;
    private final Path output;

    private ContentTokenJar(ChildServer server, Path output) {
        this.server = server;
        this.output = output;
    }

    /** Starts {@code command} with {@code args} in {@code dir}; --listen is added. */
    static ContentTokenJar start(Path dir, String command, List<String> args) throws IOException {
        Path output = dir.resolve(command + ".out");
        ChildServer server = ChildServer.start("content-token " + command, port -> {
            List<String> line = new ArrayList<>(List.of(java(), "-jar", jar().toString(), command));
            line.addAll(args);
            line.addAll(List.of("--listen", "127.0.0.1:" + port));
            return line;
        }, output, output);
        return new ContentTokenJar(server, output);
    }

    /** Runs a command to its end: its exit status and output. */
    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "run", ".out");
        List<String> line = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        line.addAll(List.of(args));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("content-token " + args[0] + " ended").isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }

    record Result(int status, String output) {}

    /** One PEM file holding every key, as an admin gives Jamf Pro's key (and rotation keys) to --keys. */
    static Path keyFile(Path dir, List<? extends PublicKey> keys) throws IOException {
        StringBuilder pem = new StringBuilder();
        keys.forEach(k -> pem.append(RsaKeys.toPem((RSAPublicKey) k)));
        return Files.writeString(dir.resolve("jamf-public-keys.pem"), pem);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    int port() {
        return server.port();
    }

    /** What the process printed (its startup line, warnings). */
    String output() {
        return ChildServer.read(output);
    }

    ChildServer process() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }

    /** The protected content's path at every point the jar makes. */
    static final String PATH = "/apps/App.pkg";

    /**
     * A point the jar makes, alone or with the servers around it: clients ask {@code port}; closing
     * it stops them all, the jar last.
     */
    public static final class Point implements EnforcementPoint.Running {
        private final ContentTokenJar jar;
        private final int port;
        private final byte[] content;
        private final PlainNginx origin;
        private final AutoCloseable front;

        private Point(ContentTokenJar jar, int port, byte[] content, PlainNginx origin, AutoCloseable front) {
            this.jar = jar;
            this.port = port;
            this.content = content;
            this.origin = origin;
            this.front = front;
        }

        @Override
        public String contentPath() {
            return PATH;
        }

        @Override
        public URI uri(String pathAndQuery) {
            return URI.create("http://127.0.0.1:" + port + pathAndQuery);
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        ContentTokenJar jar() {
            return jar;
        }

        /** The nginx behind {@code content-token proxy}; null for the other commands. */
        PlainNginx origin() {
            return origin;
        }

        @Override
        public void close() throws Exception {
            try {
                if (front != null) {
                    front.close();
                }
                if (origin != null) {
                    origin.close();
                }
            } finally {
                jar.close();
            }
        }
    }

    /**
     * {@code content-token serve} of {@code dir}/root, which holds the content at {@link #PATH} and
     * apps/link.txt, a symbolic link to {@code dir}/secret.txt outside the root; its access log at
     * {@code dir}/access.log.
     */
    public static Point serve(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        byte[] content = new byte[256 * 1024];
        new Random(24).nextBytes(content);
        Path www = Files.createDirectories(dir.resolve("root/apps"));
        Files.write(www.resolve("App.pkg"), content);
        // Outside the root: what a symbolic link, '..' or an encoded trick would reach.
        Files.writeString(dir.resolve("secret.txt"), "outside the root");
        Files.createSymbolicLink(www.resolve("link.txt"), dir.resolve("secret.txt"));
        ContentTokenJar serve = start(dir, "serve", List.of("--root", dir.resolve("root").toString(),
                "--keys", keyFile(dir, keys).toString(), "--access-log", dir.resolve("access.log").toString()));
        return new Point(serve, serve.port(), content, null, null);
    }

    /** {@code content-token proxy} in front of a real nginx serving the content at {@link #PATH}. */
    public static Point proxy(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        byte[] content = new byte[3 * 1024 * 1024];
        new Random(24).nextBytes(content);
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), content);
        PlainNginx origin = PlainNginx.start(Files.createDirectories(dir.resolve("origin")), "",
                "    location / { root " + dir.resolve("www") + "; }\n");
        try {
            ContentTokenJar proxy = start(dir, "proxy", List.of("--origin", "http://127.0.0.1:" + origin.port(),
                    "--keys", keyFile(dir, keys).toString()));
            return new Point(proxy, proxy.port(), content, origin, null);
        } catch (IOException | RuntimeException e) {
            origin.close();
            throw e;
        }
    }

    /**
     * {@code content-token check} behind a real nginx's auth_request, configured with the shipped
     * snippets (jwt-gateway/src/main/dist/nginx) unchanged but for the check's port.
     */
    public static Point checkBehindNginx(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        return checkBehind(dir, keys, checkPort -> nginxInFrontOfCheck(dir, checkPort));
    }

    /** An nginx in front of the check on a port. */
    @FunctionalInterface
    private interface Front {
        PlainNginx start(int checkPort) throws IOException;
    }

    /** {@code content-token check} of {@code keys}, and {@code front} asking it: the content at {@link #PATH} under {@code dir}/www. */
    private static Point checkBehind(Path dir, List<RSAPublicKey> keys, Front front) throws IOException {
        byte[] content = new byte[4096];
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), content);
        ContentTokenJar check = start(dir, "check", List.of("--keys", keyFile(dir, keys).toString()));
        try {
            PlainNginx nginx = front.start(check.port());
            return new Point(check, nginx.port(), content, null, nginx);
        } catch (IOException | RuntimeException e) {
            check.close();
            throw e;
        }
    }

    /**
     * {@code content-token check} behind a real Caddy's forward_auth, configured with the shipped
     * snippet (jwt-gateway/src/main/dist/caddy) unchanged but for the check's port.
     */
    public static Point checkBehindCaddy(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        Path binary = ChildServer.installed("caddy", List.of(), "caddy");
        byte[] content = new byte[4096];
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), content);
        ContentTokenJar check = start(dir, "check", List.of("--keys", keyFile(dir, keys).toString()));
        try {
            Path snippet = Files.writeString(dir.resolve("content-token.caddy"),
                    withPort(Files.readString(dist("caddy").resolve("content-token.caddy")), check.port()));
            Path home = Files.createDirectories(dir.resolve("caddy-home"));
            Path caddyfile = dir.resolve("Caddyfile");
            ChildServer caddy = ChildServer.start("caddy", port -> {
                Files.writeString(caddyfile, "{\n\tadmin off\n\tauto_https off\n}\n"
                        + "http://127.0.0.1:" + port + " {\n"
                        + "\troot * " + dir.resolve("www") + "\n"
                        + "\timport " + snippet + "\n"
                        + "\tfile_server\n"
                        + "}\n");
                // Caddy keeps its state under HOME/XDG dirs: the test's own.
                return List.of("env", "HOME=" + home, "XDG_DATA_HOME=" + home, "XDG_CONFIG_HOME=" + home,
                        binary.toString(), "run", "--config", caddyfile.toString(), "--adapter", "caddyfile");
            }, dir.resolve("caddy.log"), dir.resolve("caddy.log"));
            return new Point(check, caddy.port(), content, null, caddy);
        } catch (IOException | RuntimeException e) {
            check.close();
            throw e;
        }
    }

    /**
     * {@code content-token check} behind the auth location ingress-nginx generates for an Ingress
     * annotated with {@code auth-url} alone (ContentTokenCheckIngressNginxTest), on a stock nginx.
     */
    public static Point checkBehindIngressNginx(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        return checkBehind(dir, keys, checkPort -> ingressNginxInFrontOfCheck(dir, checkPort, false));
    }

    /**
     * A stock nginx serving {@code dir}/www as ingress-nginx (controller v1.15,
     * rootfs/etc/nginx/template/nginx.tmpl) configures a location whose Ingress is annotated with
     * {@code auth-url: http://CHECK/} (no cache key, no snippet, the default buffer sizes), and with
     * {@code auth-method: GET} when {@code method}: its auth location with every header it sets and
     * passes, its Lua and the controller's own variables left out.
     */
    static PlainNginx ingressNginxInFrontOfCheck(Path dir, int checkPort, boolean method) throws IOException {
        return PlainNginx.start(Files.createDirectories(dir.resolve("nginx")), "",
                "    location = /_external-auth-Lw-Prefix {\n"
                        + "      internal;\n"
                        + "      access_log off;\n"
                        + "      proxy_intercept_errors off;\n"
                        + "      proxy_pass_request_body off;\n"
                        + "      proxy_set_header Content-Length \"\";\n"
                        + "      proxy_set_header X-Forwarded-Proto \"\";\n"
                        + "      proxy_set_header X-Request-ID $request_id;\n"
                        + (method ? "      proxy_method GET;\n"
                                + "      proxy_set_header X-Original-URI $request_uri;\n"
                                + "      proxy_set_header X-Scheme $scheme;\n" : "")
                        + "      proxy_set_header Host content-token-check.downloads.svc.cluster.local;\n"
                        + "      proxy_set_header X-Original-URL $scheme://$http_host$request_uri;\n"
                        + "      proxy_set_header X-Original-Method $request_method;\n"
                        + "      proxy_set_header X-Sent-From \"nginx-ingress-controller\";\n"
                        + "      proxy_set_header X-Real-IP $remote_addr;\n"
                        + "      proxy_set_header X-Forwarded-For $remote_addr;\n"
                        + "      proxy_set_header X-Auth-Request-Redirect $request_uri;\n"
                        + "      proxy_buffering off;\n"
                        + "      proxy_buffer_size 4k;\n"
                        + "      proxy_buffers 4 4k;\n"
                        + "      proxy_request_buffering on;\n"
                        + "      proxy_ssl_server_name on;\n"
                        + "      proxy_pass_request_headers on;\n"
                        + "      client_max_body_size 1m;\n"
                        + "      set $target http://127.0.0.1:" + checkPort + "/;\n"
                        + "      proxy_pass $target;\n"
                        + "    }\n"
                        + "    location / {\n"
                        + "      auth_request /_external-auth-Lw-Prefix;\n"
                        + "      auth_request_set $auth_cookie $upstream_http_set_cookie;\n"
                        + "      add_header Set-Cookie $auth_cookie;\n"
                        + "      root " + dir.resolve("www") + ";\n"
                        + "    }\n");
    }

    /** A stock nginx serving {@code dir}/www behind the shipped snippets, asking the check on {@code checkPort}. */
    static PlainNginx nginxInFrontOfCheck(Path dir, int checkPort) throws IOException {
        return nginxInFrontOfCheck(dir, checkPort, UnaryOperator.identity(), 1);
    }

    /** As above, the http-level snippet passed through {@code edit}, with {@code workers} worker processes. */
    static PlainNginx nginxInFrontOfCheck(Path dir, int checkPort, UnaryOperator<String> edit, int workers) throws IOException {
        Path snippets = dist("nginx");
        Path http = Files.writeString(dir.resolve("content-token-check-http.conf"),
                edit.apply(withCacheIn(withPort(Files.readString(snippets.resolve("content-token-check-http.conf")), checkPort), dir)));
        return PlainNginx.start(Files.createDirectories(dir.resolve("nginx")), "  include " + http + ";\n",
                "    include " + snippets.resolve("content-token-check.conf") + ";\n"
                        + "    location / { root " + dir.resolve("www") + "; }\n", workers);
    }

    /** The shipped snippet with its verdict cache in {@code dir}/verdicts instead of /run (which tests may not write). */
    static String withCacheIn(String snippet, Path dir) {
        assertThat(snippet).contains("/run/nginx-content-token-check ");
        return snippet.replace("/run/nginx-content-token-check ", dir.resolve("verdicts") + " ");
    }

    /** The shipped snippet pointing at the check's port instead of its default 9180. */
    static String withPort(String snippet, int port) {
        assertThat(snippet).contains("127.0.0.1:9180");
        return snippet.replace("127.0.0.1:9180", "127.0.0.1:" + port);
    }

    /** jwt-gateway/src/main/dist/{@code name} of this checkout. */
    static Path dist(String name) throws IOException {
        Path dist = jar().getParent().getParent().resolve("src/main/dist").resolve(name);
        if (!Files.isDirectory(dist)) {
            throw new IOException(dist + " is missing");
        }
        return dist;
    }

    /** The jar the reactor built: jwt-gateway/target/content-token.jar of this checkout. */
    static Path jar() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path jar = p.resolve("jwt-gateway/target/content-token.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("jwt-gateway/target/content-token.jar is not built; build with -am: "
                + "./mvnw -pl it -am verify");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
