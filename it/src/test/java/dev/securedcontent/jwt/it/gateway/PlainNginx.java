package dev.securedcontent.jwt.it.gateway;

import dev.securedcontent.jwt.it.ChildServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stock nginx (no njs) as a child process on a free loopback port, with the given http-level
 * and server-level directives; its access log records each request line's method and URI.
 */
final class PlainNginx implements AutoCloseable {
    private final ChildServer server;
    private final Path dir;

    private PlainNginx(ChildServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    static PlainNginx start(Path dir, String httpDirectives, String serverDirectives) throws IOException {
        return start(dir, httpDirectives, serverDirectives, 1);
    }

    /** As above, with {@code workers} worker processes. */
    static PlainNginx start(Path dir, String httpDirectives, String serverDirectives, int workers) throws IOException {
        Path nginx = ChildServer.installed("nginx", List.of(), "nginx");
        for (String sub : List.of("logs", "temp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path conf = dir.resolve("nginx.conf");
        ChildServer server = ChildServer.start("nginx", port -> {
            Files.writeString(conf, (ChildServer.isRoot() ? "user root;\n" : "")
                    + "worker_processes " + workers + ";\n"
                    + "pid " + dir.resolve("logs/nginx.pid") + ";\n"
                    + "error_log " + dir.resolve("logs/error.log") + " warn;\n"
                    + "events { worker_connections 256; }\n"
                    + "http {\n"
                    + "  default_type application/octet-stream;\n"
                    + "  client_body_temp_path " + dir.resolve("temp/body") + ";\n"
                    + "  proxy_temp_path " + dir.resolve("temp/proxy") + ";\n"
                    + "  fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";\n"
                    + "  uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";\n"
                    + "  scgi_temp_path " + dir.resolve("temp/scgi") + ";\n"
                    + "  log_format uri '$request_method $request_uri';\n"
                    + "  access_log " + dir.resolve("logs/access.log") + " uri;\n"
                    + httpDirectives
                    + "  server {\n"
                    + "    listen 127.0.0.1:" + port + ";\n"
                    + serverDirectives
                    + "  }\n"
                    + "}\n");
            return List.of(nginx.toString(), "-p", dir + "/", "-c", conf.toString(), "-e", dir.resolve("logs/error.log").toString(),
                    "-g", "daemon off;");
        }, dir.resolve("logs/stdout.log"), dir.resolve("logs/error.log"));
        return new PlainNginx(server, dir);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    int port() {
        return server.port();
    }

    /** The error log as it is now. */
    String errorLog() {
        try {
            return Files.readString(dir.resolve("logs/error.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access log once {@code done} holds for it (nginx logs after answering). */
    String accessLog(java.util.function.Predicate<String> done) {
        return server.awaitLog(dir.resolve("logs/access.log"), done);
    }

    @Override
    public void close() {
        server.close();
    }
}
