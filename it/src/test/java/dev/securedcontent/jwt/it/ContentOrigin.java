package dev.securedcontent.jwt.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unchecked origin behind a proxy recipe: a JDK HttpServer on a loopback port serving one file
 * (GET, HEAD, one byte range) at every path under /content/, and remembering every request URI it got.
 */
final class ContentOrigin implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] content;
    private final List<String> requestUris = new CopyOnWriteArrayList<>();

    private ContentOrigin(byte[] content) throws IOException {
        this.content = content.clone();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/content/", this::serve);
        server.createContext("/", exchange -> respond(exchange, 404, new byte[0], 0, 0));
    }

    static ContentOrigin start(byte[] content) throws IOException {
        ContentOrigin origin = new ContentOrigin(content);
        origin.server.start();
        return origin;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The request URIs (path and query) the origin received, in order. */
    List<String> requestUris() {
        return List.copyOf(requestUris);
    }

    private void serve(HttpExchange exchange) throws IOException {
        requestUris.add(exchange.getRequestURI().toString());
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            respond(exchange, 405, new byte[0], 0, 0);
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches()) {
            long from = Long.parseLong(m.group(1));
            long to = m.group(2).isEmpty() ? content.length - 1 : Math.min(Long.parseLong(m.group(2)), content.length - 1);
            if (from > to) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                respond(exchange, 416, new byte[0], 0, 0);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + content.length);
            respond(exchange, 206, content, (int) from, (int) (to - from + 1));
        } else {
            respond(exchange, 200, content, 0, content.length);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, int offset, int length) throws IOException {
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(length));
        }
        exchange.sendResponseHeaders(status, head || length == 0 ? -1 : length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body, offset, length);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
