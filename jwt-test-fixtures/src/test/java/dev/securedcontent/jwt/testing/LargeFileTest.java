package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import dev.securedcontent.jwt.server.SparseFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test downloads a 3 GiB package from the extension's server, whole and in concurrent ranges, in
 * a JVM whose heap (the "large-files" surefire execution: -Xmx256m) is smaller than any body.
 */
@Tag("large-files")
class LargeFileTest {

    @TempDir
    static Path directory;

    private static SparseFile pkg;

    @RegisterExtension
    final SecuredContentServerExtension extension =
            SecuredContentServerExtension.withOptions(ContentServerOptions.defaults().contentDirectory(directory));

    @BeforeAll
    static void createPackage() {
        pkg = SparseFile.create(directory, "Large.pkg");
    }

    @Test
    void downloadsAPackageLargerThan2GiB(ContentServer server) {
        HttpResponse<InputStream> response = get(server, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SparseFile.checksum(response.body()))
                .isEqualTo(new SparseFile.Received(pkg.size(), pkg.checksum(0, pkg.size())));
    }

    @Test
    void downloadsRangesConcurrently(ContentServer server) {
        long half = 1L << 29;
        List<Long> firsts = List.of((2L << 30) - half / 2, pkg.size() - half);
        ExecutorService clients = Executors.newFixedThreadPool(firsts.size());
        List<CompletableFuture<String>> downloads = firsts.stream()
                .map(first -> CompletableFuture.supplyAsync(() -> {
                    HttpResponse<InputStream> response = get(server, "bytes=" + first + "-" + (first + half - 1));
                    return response.statusCode() + " " + SparseFile.checksum(response.body());
                }, clients))
                .toList();
        clients.shutdown();

        for (int i = 0; i < firsts.size(); i++) {
            assertThat(downloads.get(i).join())
                    .isEqualTo("206 " + new SparseFile.Received(half, pkg.checksum(firsts.get(i), half)));
        }
    }

    private static HttpResponse<InputStream> get(ContentServer server, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.signedUrl("/Large.pkg")).timeout(Duration.ofMinutes(5));
        if (range != null) {
            request.header("Range", range);
        }
        try {
            return server.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
