package dev.securedcontent.jwt.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The origin behind an edge recipe: a JDK HttpServer on a free loopback port serving one file at
 * every path with GET, HEAD and single byte ranges, as a content server does; it records the
 * request URIs it received, to prove no token reaches it.
 */
public final class ContentOrigin implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final byte[] content;
    private final List<String> receivedUris = new CopyOnWriteArrayList<>();

    private ContentOrigin(byte[] content) throws IOException {
        this.content = content.clone();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    public static ContentOrigin serving(byte[] content) throws IOException {
        return new ContentOrigin(content);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request URI (path and raw query) the origin received, in order. */
    public List<String> receivedUris() {
        return List.copyOf(receivedUris);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            receivedUris.add(uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery());
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            int from = 0;
            int to = content.length - 1;
            int status = 200;
            String range = exchange.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches()) {
                from = Integer.parseInt(m.group(1));
                to = m.group(2).isEmpty() ? content.length - 1 : Math.min(Integer.parseInt(m.group(2)), content.length - 1);
                if (from > to) {
                    exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + content.length);
            }
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            int length = to - from + 1;
            if (method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Content-Length", String.valueOf(length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(content, from, length);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
