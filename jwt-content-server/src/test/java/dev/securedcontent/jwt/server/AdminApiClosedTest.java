package dev.securedcontent.jwt.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WireMock's HTTP admin API is closed: any local process can reach the server's port, and the
 * admin API would let it plant stubs, write files or stop the server. The Java API stays open.
 */
class AdminApiClosedTest {

    private static final String PROXY_STUB = """
            {"request": {"method": "GET", "urlPath": "/planted"},
             "response": {"proxyBaseUrl": "http://127.0.0.1:9"}, "priority": 1}""";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /__admin/mappings",
        "POST, /__admin/mappings",
        "POST, /__admin/mappings/save",
        "PUT, /__admin/files/planted.txt",
        "GET, /__admin/requests",
        "DELETE, /__admin/requests",
        "POST, /__admin/reset",
        "POST, /__admin/shutdown",
    })
    void refusesEveryAdminCallWith403(String method, String path) {
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults())) {
            HttpResponse<byte[]> response = admin(server, method, path, PROXY_STUB);

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("admin API is closed");
        }
    }

    @Test
    void keepsServingAfterAShutdownCall() {
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults())) {
            admin(server, "POST", "/__admin/shutdown", "");

            HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/book.pdf"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(Requests.resource("book.pdf"));
            assertThat(server.isRunning()).isTrue();
        }
    }

    @Test
    void aStubPostedOverHttpIsNotServed() {
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults())) {
            admin(server, "POST", "/__admin/mappings", PROXY_STUB);

            HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/planted"));

            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void writesNothingUnderTheWorkingDirectory() {
        Path files = Path.of("src/test/resources/__files");
        Path mappings = Path.of("src/test/resources/mappings");
        assertThat(files).doesNotExist();
        assertThat(mappings).doesNotExist();
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults())) {
            admin(server, "PUT", "/__admin/files/planted.txt", "planted");
            admin(server, "POST", "/__admin/mappings", PROXY_STUB);
            admin(server, "POST", "/__admin/mappings/save", "");
            // The Java API is in-process and still works; saving writes to the server's own folder.
            server.wireMock().stubFor(get(urlPathEqualTo("/in-process")).willReturn(aResponse().withStatus(204)));
            server.wireMock().saveMappings();
        } finally {
            boolean filesWritten = Files.exists(files);
            boolean mappingsWritten = Files.exists(mappings);
            deleteRecursively(files);
            deleteRecursively(mappings);
            assertThat(filesWritten).as("%s written", files).isFalse();
            assertThat(mappingsWritten).as("%s written", mappings).isFalse();
        }
    }

    @Test
    void keepsWireMocksFilesInATemporaryFolderDeletedOnClose() {
        Path root;
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults())) {
            root = Path.of(server.wireMock().getOptions().filesRoot().getPath()).toAbsolutePath();
            server.wireMock().stubFor(get(urlPathEqualTo("/in-process")).willReturn(aResponse().withStatus(204)));
            server.wireMock().saveMappings();

            assertThat(root).isDirectory();
            assertThat(root.startsWith(Path.of("").toAbsolutePath())).as("%s under the working directory", root).isFalse();
            assertThat(new Requests(server).get(server.signedUrl("/in-process")).statusCode())
                    .isEqualTo(204);
        }
        assertThat(root).doesNotExist();
    }

    private static HttpResponse<byte[]> admin(ContentServer server, String method, String path,
            String body) {
        return new Requests(server).send(HttpRequest.newBuilder(server.unsignedUrl(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
