package dev.securedcontent.jwt.it;

import dev.securedcontent.jwt.core.PemKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Random;

/**
 * A real HAProxy, started in the foreground on a free loopback port with
 * web-server/haproxy/content-token.cfg loaded unchanged (but for where it finds the keys), in
 * front of a {@link ContentOrigin}; its access log is its standard output.
 */
final class RecipeHaproxy implements RecipeServer {
    /** The recipe's key directory, and the file names of the current and the previous key. */
    static final String KEYS_DIR = "/etc/haproxy/content-token/";
    static final String CURRENT_KEY = "jamf-current.pem";
    static final String PREVIOUS_KEY = "jamf-previous.pem";

    private final ServerRoot root;
    /** The test's dir, as HAProxy sees it. */
    private final Path serverDir;
    /** Where the test reads and writes it. */
    private final Path dir;
    private final ChildServer server;
    private final ContentOrigin origin;
    private final byte[] content;

    private RecipeHaproxy(ServerRoot root, Path serverDir, ChildServer server, ContentOrigin origin, byte[] content) {
        this.root = root;
        this.serverDir = serverDir;
        this.dir = root.host(serverDir);
        this.server = server;
        this.origin = origin;
        this.content = content;
    }

    /**
     * Starts HAProxy in {@code dir} with {@code keys} as the current key and, when there is a
     * second, the previous one (a rotation); with one key, the previous key's file does not exist.
     */
    static RecipeHaproxy start(Path dir, List<RSAPublicKey> keys) throws IOException {
        return start(dir, keys, Files.readString(recipeDir().resolve("content-token.cfg")));
    }

    /** As {@link #start(Path, List)}, with {@code contentTokenCfg} in place of the recipe's content-token.cfg. */
    static RecipeHaproxy start(Path dir, List<RSAPublicKey> keys, String contentTokenCfg) throws IOException {
        return start(ServerRoot.HOST, dir, keys, contentTokenCfg);
    }

    /** As {@link #start(Path, List)}, with the HAProxy of {@code root}. */
    static RecipeHaproxy start(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        return start(root, dir, keys, Files.readString(recipeDir().resolve("content-token.cfg")));
    }

    /** As {@link #start(Path, List, String)}, with the HAProxy of {@code root}. */
    static RecipeHaproxy start(ServerRoot root, Path serverDir, List<RSAPublicKey> keys, String contentTokenCfg) throws IOException {
        if (keys.isEmpty() || keys.size() > 2) {
            throw new IllegalArgumentException("the recipe holds one or two keys, not " + keys.size());
        }
        Path haproxy = root.installed("haproxy", List.of(), "haproxy");
        Path dir = root.host(serverDir);
        Path recipe = serverDir.resolve("recipe");
        Path hostRecipe = Files.createDirectories(root.host(recipe));
        Files.writeString(hostRecipe.resolve("content-token.cfg"), contentTokenCfg.replace(KEYS_DIR, recipe + "/"));
        Files.writeString(hostRecipe.resolve(CURRENT_KEY), PemKeys.toPem(keys.get(0)));
        if (keys.size() == 2) {
            Files.writeString(hostRecipe.resolve(PREVIOUS_KEY), PemKeys.toPem(keys.get(1)));
        }
        byte[] content = new byte[RecipeNginx.CONTENT_SIZE];
        new Random(20_260_101L).nextBytes(content);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        ContentOrigin origin = ContentOrigin.serving(content);
        try {
            Path conf = serverDir.resolve("haproxy.cfg");
            ChildServer server = ChildServer.start("haproxy", port -> {
                Files.writeString(root.host(conf), config(port, origin.port()));
                return root.command(List.of(haproxy.toString(), "-db", "-f", recipe.resolve("content-token.cfg").toString(),
                        "-f", conf.toString()));
            }, logs.resolve("access.log"), logs.resolve("access.log"));
            return new RecipeHaproxy(root, serverDir, server, origin, content);
        } catch (IOException | RuntimeException e) {
            origin.close();
            throw e;
        }
    }

    /** The admin's own configuration, after the recipe's: its own defaults, a frontend from content-token. */
    private static String config(int port, int originPort) {
        return "global\n"
                + "    log stdout format raw local0\n"
                + "defaults\n"
                + "    mode http\n"
                + "    timeout connect 5s\n"
                + "    timeout client 60s\n"
                + "    timeout server 60s\n"
                + "frontend downloads from content-token\n"
                + "    bind 127.0.0.1:" + port + "\n"
                + "    log global\n"
                + "    default_backend content\n"
                + "backend content\n"
                + "    server origin 127.0.0.1:" + originPort + "\n";
    }

    /** web-server/haproxy of this checkout. */
    static Path recipeDir() {
        return RecipeNginx.recipeDir().resolveSibling("haproxy");
    }

    /** The request URIs the origin behind HAProxy received. */
    List<String> originRequestUris() {
        return origin.receivedUris();
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
        return server.awaitLog(dir.resolve("logs/access.log"),
                text -> text.lines().filter(l -> l.contains(" content_token=")).count() >= lines);
    }

    @Override
    public String errorLog() {
        return ChildServer.read(dir.resolve("logs/access.log"));
    }

    @Override
    public void close() {
        server.close();
        origin.close();
        root.forget(serverDir);
    }
}
