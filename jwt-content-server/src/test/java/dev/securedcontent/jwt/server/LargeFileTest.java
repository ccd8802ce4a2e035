package dev.securedcontent.jwt.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of any size are streamed: a 3 GiB file, whole and in 512 MiB ranges, several downloads at
 * once, in a JVM whose heap (the "large-files" surefire execution: -Xmx256m) is smaller than any of
 * those bodies.
 */
@Tag("large-files")
class LargeFileTest {

    @TempDir
    static Path directory;

    private static SparseFile pkg;
    private static ContentServer server;
    private static final Requests REQUESTS = new Requests(HttpClient.newHttpClient(), Duration.ofMinutes(5));

    @BeforeAll
    static void start() {
        pkg = SparseFile.create(directory, "Large.pkg");
        server = ContentServer.start(ContentServerOptions.defaults().contentDirectory(directory));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesAFileLargerThan2GiBWhole() {
        HttpResponse<InputStream> response = get(server.signedUrl("/Large.pkg"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(pkg.size());
        assertThat(SparseFile.checksum(response.body()))
                .isEqualTo(new SparseFile.Received(pkg.size(), pkg.checksum(0, pkg.size())));
    }

    @Test
    void servesSeveralDownloadsAtOnce() {
        long gib = 1L << 30;
        long half = gib / 2;
        List<long[]> ranges = List.of(
                new long[] {0, half - 1},
                new long[] {2 * gib - half / 2, 2 * gib + half / 2 - 1},
                new long[] {pkg.size() - half, pkg.size() - 1});

        ExecutorService clients = Executors.newFixedThreadPool(ranges.size());
        List<CompletableFuture<String>> downloads = ranges.stream()
                .map(range -> CompletableFuture.supplyAsync(() -> {
                    HttpResponse<InputStream> response = get(server.signedUrl("/Large.pkg"),
                            "bytes=" + range[0] + "-" + range[1]);
                    SparseFile.Received received = SparseFile.checksum(response.body());
                    return response.statusCode() + " " + received;
                }, clients))
                .toList();
        clients.shutdown();

        for (int i = 0; i < ranges.size(); i++) {
            long first = ranges.get(i)[0];
            long count = ranges.get(i)[1] - first + 1;
            assertThat(downloads.get(i).join())
                    .isEqualTo("206 " + new SparseFile.Received(count, pkg.checksum(first, count)));
        }
    }

    @Test
    void answersHeadWithTheLengthAndNoBody() {
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(server.signedUrl("/Large.pkg"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(pkg.size());
        assertThat(SparseFile.checksum(response.body()).length()).isZero();
    }

    @Test
    void keepsNoResponseBodyInWireMocksJournal() {
        SparseFile.checksum(get(server.signedUrl("/Large.pkg"), "bytes=0-99999").body());

        assertThat(server.wireMock().getAllServeEvents())
                .isNotEmpty()
                .map(event -> event.getResponse().getBody().length)
                .containsOnly(0);
    }

    private static HttpResponse<InputStream> get(URI url, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return send(request);
    }

    private static HttpResponse<InputStream> send(HttpRequest.Builder request) {
        return REQUESTS.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }
}
