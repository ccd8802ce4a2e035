package dev.securedcontent.jwt.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Requests per second for one 64 KiB file over loopback, four connections at once, one
 * {@link HttpClient} (HTTP/1.1 keep-alive): the plain WireMock server is the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class ContentServerBenchmark {
    static final int FILE_SIZE = 64 * 1024;
    static final String PATH = "/download/example_app.ipa";

    private byte[] content;
    private HttpClient client;
    private WireMockServer plainServer;
    private HttpRequest plainRequest;

    @Setup(Level.Trial)
    public void startServers() throws IOException, InterruptedException {
        content = new byte[FILE_SIZE];
        new SplittableRandom(FILE_SIZE).nextBytes(content);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        // No request journal: it would keep every request of the run in memory.
        plainServer = new WireMockServer(options().dynamicPort().disableRequestJournal());
        plainServer.start();
        plainServer.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(content)));
        plainRequest = HttpRequest.newBuilder(URI.create(plainServer.baseUrl() + PATH)).GET().build();
        baselinePlainServer();
    }

    @TearDown(Level.Trial)
    public void stopServers() {
        if (plainServer != null) {
            plainServer.stop();
        }
    }

    @Benchmark
    public int baselinePlainServer() throws IOException, InterruptedException {
        return fetch(plainRequest);
    }

    /** A refusal is fast: count only full, successful downloads. */
    private int fetch(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200 || response.body().length != FILE_SIZE) {
            throw new IllegalStateException(request.uri().getPath() + ": HTTP " + response.statusCode()
                    + " with " + response.body().length + " bytes; expected 200 with " + FILE_SIZE);
        }
        return response.body().length;
    }
}
