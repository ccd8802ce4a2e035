package dev.securedcontent.jwt.testing;

import dev.securedcontent.jwt.server.ContentServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP requests to a test server, the way a device (or a probe) would send them. */
final class Requests {

    private final HttpClient client;

    Requests(ContentServer server) {
        this.client = server.newHttpClient();
    }

    HttpResponse<byte[]> get(URI url) {
        return send(HttpRequest.newBuilder(url).GET());
    }

    HttpResponse<byte[]> get(URI url, String range) {
        return send(HttpRequest.newBuilder(url).header("Range", range).GET());
    }

    HttpResponse<byte[]> head(URI url) {
        return send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<byte[]> head(URI url, String range) {
        return send(HttpRequest.newBuilder(url).header("Range", range).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String path) {
        try (var in = Requests.class.getClassLoader().getResourceAsStream("secured-content/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource secured-content/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
