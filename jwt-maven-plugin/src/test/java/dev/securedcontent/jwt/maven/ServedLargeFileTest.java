package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.server.SparseFile;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jwt:serve's server hands out a 3 GiB package, whole and in ranges at once, in a JVM whose heap
 * (the "large-files" surefire execution: -Xmx256m) is smaller than any of the bodies.
 */
@Tag("large-files")
class ServedLargeFileTest {

    @Test
    void servesAPackageLargerThan2GiBWholeAndInConcurrentRanges(@TempDir Path directory) throws Exception {
        SparseFile pkg = SparseFile.create(directory, "Large.pkg");
        KeyPair keys = RsaKeys.generate(2048);
        List<String> log = new ArrayList<>();
        long half = 1L << 29;
        List<long[]> ranges = List.of(new long[] {0, pkg.size()}, new long[] {(2L << 30) - half / 2, half},
                new long[] {pkg.size() - half, half});

        List<String> received = new ArrayList<>();
        try (ServedContent server = ServedContent.start(directory, 0, true, keys, List.of(), log::add)) {
            URI url = ContentTokenSigner.builder(keys.getPrivate()).build().signUrl(server.unsignedUrl("Large.pkg"));
            HttpClient client = HttpClient.newHttpClient();
            ExecutorService clients = Executors.newFixedThreadPool(ranges.size());
            List<CompletableFuture<String>> downloads = ranges.stream()
                    .map(range -> CompletableFuture.supplyAsync(() -> {
                        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5));
                        if (range[0] > 0) {
                            request.header("Range", "bytes=" + range[0] + "-" + (range[0] + range[1] - 1));
                        }
                        HttpResponse<InputStream> response = client.sendAsync(request.build(),
                                HttpResponse.BodyHandlers.ofInputStream()).join();
                        return response.statusCode() + " " + SparseFile.checksum(response.body());
                    }, clients))
                    .toList();
            clients.shutdown();
            downloads.forEach(download -> received.add(download.join()));
        }

        assertThat(received).containsExactly(
                "200 " + new SparseFile.Received(pkg.size(), pkg.checksum(0, pkg.size())),
                "206 " + new SparseFile.Received(half, pkg.checksum(ranges.get(1)[0], half)),
                "206 " + new SparseFile.Received(half, pkg.checksum(ranges.get(2)[0], half)));
        assertThat(log.get(0)).contains("3 request(s), 3 served");
    }
}
