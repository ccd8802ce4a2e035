package dev.securedcontent.jwt.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Requests per second for one 64 KiB file over loopback, four client threads at once, each
 * contender with its own {@link HttpClient} configured alike (HTTP/1.1, keep-alive). The baseline
 * is the content server with its token check off (the same WireMock server, extensions and
 * file serving); {@code securedServer} is the same server checking a valid token on every request;
 * {@code bareWireMockStub} is WireMock answering from a stub body, for scale.
 *
 * <p>Every server runs without WireMock's request journal, which would otherwise keep every
 * request (and response body) of the run in memory.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class ContentServerBenchmark {
    static final int FILE_SIZE = 64 * 1024;
    static final String FILE_NAME = "example_app.ipa";

    @Benchmark
    public int baselineUncheckedServer(UncheckedServer server) throws IOException, InterruptedException {
        return server.fetch();
    }

    @Benchmark
    public int securedServer(SecuredServer server) throws IOException, InterruptedException {
        return server.fetch();
    }

    @Benchmark
    public int bareWireMockStub(BareWireMock server) throws IOException, InterruptedException {
        return server.fetch();
    }

    /** The served file: random bytes in a temporary directory, deleted after the trial. */
    @State(Scope.Benchmark)
    public static class ContentDirectory {
        Path directory;
        byte[] content;

        @Setup(Level.Trial)
        public void write() throws IOException {
            content = new byte[FILE_SIZE];
            new SplittableRandom(FILE_SIZE).nextBytes(content);
            directory = Files.createTempDirectory("content-server-benchmark");
            Files.write(directory.resolve(FILE_NAME), content);
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            Files.deleteIfExists(directory.resolve(FILE_NAME));
            Files.deleteIfExists(directory);
        }
    }

    /** One client and one request URL; a refusal is fast, so only full 200 downloads count. */
    abstract static class Contender {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private HttpRequest request;

        void target(URI url) throws IOException, InterruptedException {
            request = HttpRequest.newBuilder(url).GET().build();
            fetch();
        }

        int fetch() throws IOException, InterruptedException {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200 || response.body().length != FILE_SIZE) {
                throw new IllegalStateException(getClass().getSimpleName() + ": HTTP " + response.statusCode()
                        + " with " + response.body().length + " bytes; expected 200 with " + FILE_SIZE);
            }
            return response.body().length;
        }
    }

    /** The content server, with or without its token check, asked for the same signed URL. */
    abstract static class ContentServerContender extends Contender {
        private ContentServer server;

        abstract boolean tokenCheck();

        @Setup(Level.Trial)
        public void start(ContentDirectory content) throws IOException, InterruptedException {
            server = ContentServer.start(ContentServerOptions.defaults()
                    .contentDirectory(content.directory)
                    .tokenCheck(tokenCheck())
                    .configureWireMock(wireMock -> wireMock.disableRequestJournal()));
            // Both ask for the same signed URL: a Jamf URL carries a ~700-character token whatever
            // the server does with it, so only the check itself is compared. The server's clock
            // stands still, so the token stays valid; as for a device's Range requests, the first
            // request verifies it in full and later ones hit the verifier's cache.
            target(server.signedUrl("/" + FILE_NAME));
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    @State(Scope.Benchmark)
    public static class UncheckedServer extends ContentServerContender {
        @Override
        boolean tokenCheck() {
            return false;
        }
    }

    @State(Scope.Benchmark)
    public static class SecuredServer extends ContentServerContender {
        @Override
        boolean tokenCheck() {
            return true;
        }
    }

    @State(Scope.Benchmark)
    public static class BareWireMock extends Contender {
        private WireMockServer server;

        @Setup(Level.Trial)
        public void start(ContentDirectory content) throws IOException, InterruptedException {
            server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().disableRequestJournal());
            server.start();
            server.stubFor(get(urlPathEqualTo("/" + FILE_NAME)).willReturn(aResponse().withStatus(200).withBody(content.content)));
            target(URI.create(server.baseUrl() + "/" + FILE_NAME));
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.stop();
        }
    }
}
