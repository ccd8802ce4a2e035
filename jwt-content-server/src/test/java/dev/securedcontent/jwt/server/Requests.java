package dev.securedcontent.jwt.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Real HTTP requests to a test server, the way a device (or a probe) would send them, and the
 * test content they should get. The one request helper of the content server's and the fixtures'
 * tests (the fixtures reach it through jwt-test-data).
 */
public class Requests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final Duration timeout;

    /** Requests to {@code server}, trusting its certificate if it serves https. */
    public Requests(ContentServer server) {
        this(HttpClient.newBuilder().sslContext(server.sslContext()).build());
    }

    /** Requests sent by {@code client}, each given 30 seconds. */
    public Requests(HttpClient client) {
        this(client, TIMEOUT);
    }

    /** Requests sent by {@code client}, each given {@code timeout}. */
    public Requests(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public HttpResponse<byte[]> get(URI url) {
        return send(HttpRequest.newBuilder(url).GET());
    }

    public HttpResponse<byte[]> get(URI url, String range) {
        return send(HttpRequest.newBuilder(url).header("Range", range).GET());
    }

    public HttpResponse<byte[]> head(URI url) {
        return send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<byte[]> head(URI url, String range) {
        return send(HttpRequest.newBuilder(url).header("Range", range).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request.timeout(timeout).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of the test resource {@code secured-content/<path>}. */
    public static byte[] resource(String path) {
        try (InputStream in = Requests.class.getClassLoader().getResourceAsStream("secured-content/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource secured-content/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
