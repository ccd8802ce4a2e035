package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedContentTest {

    private static final KeyPair PROJECT_KEYS = RsaKeys.generate(2048);
    private static final byte[] PACKAGE = bytes(64 * 1024);

    @TempDir
    Path directory;

    private final List<String> log = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ContentTokenSigner projectSigner =
            ContentTokenSigner.builder((RSAPrivateCrtKey) PROJECT_KEYS.getPrivate()).build();
    private ServedContent server;

    @BeforeEach
    void content() throws IOException {
        Files.write(directory.resolve("Example.pkg"), PACKAGE);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesAFileToARequestSignedWithTheProjectKey() throws Exception {
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);

        HttpResponse<byte[]> response = get(projectSigner.signUrl(server.unsignedUrl("Example.pkg")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(PACKAGE);
    }

    @Test
    void refusesARequestWithoutAToken() throws Exception {
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);

        HttpResponse<byte[]> response = get(server.unsignedUrl("Example.pkg"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void servesAnyoneWhenTheTokenCheckIsOff() throws Exception {
        server = ServedContent.start(directory, 0, false, null, List.of(), log::add);

        HttpResponse<byte[]> response = get(server.unsignedUrl("Example.pkg"));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsTokensOfAnAlsoAcceptedPublicKeyWithoutItsPrivateKey() throws Exception {
        server = ServedContent.start(directory, 0, true, null,
                List.of((RSAPublicKey) PROJECT_KEYS.getPublic()), log::add);

        HttpResponse<byte[]> response = get(projectSigner.signUrl(server.unsignedUrl("Example.pkg")));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesTokensOfAnotherKey() throws Exception {
        KeyPair other = RsaKeys.generate(2048);
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);
        ContentTokenSigner otherSigner = ContentTokenSigner.builder((RSAPrivateCrtKey) other.getPrivate()).build();

        HttpResponse<byte[]> response = get(otherSigner.signUrl(server.unsignedUrl("Example.pkg")));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void servesARangeSpanningTheDefaultTenMebibyteChunkPromptly() throws Exception {
        // The probe asks for the manifest's first chunk (10 MiB by default) within its 10 s timeout.
        byte[] large = bytes(12 * 1024 * 1024);
        Files.write(directory.resolve("Large.pkg"), large);
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);
        HttpRequest request = HttpRequest.newBuilder(projectSigner.signUrl(server.unsignedUrl("Large.pkg")))
                .header("Range", "bytes=0-10485759").timeout(Duration.ofSeconds(10)).build();

        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOf(large, 10 * 1024 * 1024));
    }

    @Test
    void listensOnLoopbackAndGivesTheBaseUrlWithoutTrailingSlash() {
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);

        assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:[0-9]+");
    }

    @Test
    void listensOnTheGivenPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        server = ServedContent.start(directory, port, true, PROJECT_KEYS, List.of(), log::add);

        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
    }

    @Test
    void closeLogsEveryRequestWithItsVerdictButNoToken() throws Exception {
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);
        URI signed = projectSigner.signUrl(server.unsignedUrl("Example.pkg"));
        get(server.unsignedUrl("Example.pkg"));
        get(signed);
        String signature = signed.toString().substring(signed.toString().lastIndexOf('.') + 1);

        server.close();

        assertThat(log).containsExactly(
                "jwt:serve stopped " + server.baseUrl() + " (" + directory + ", token check on): 2 request(s), "
                        + "1 served, 1 refused (401/403):",
                "  GET /Example.pkg -> 401 MISSING",
                "  GET /Example.pkg -> 200 token accepted");
        assertThat(String.join("\n", log)).doesNotContain(signature);
    }

    @Test
    void closeStopsTheServerOnceAndLogsOnce() throws Exception {
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);
        URI url = server.unsignedUrl("Example.pkg");

        server.close();
        server.close();

        assertThat(server.isRunning()).isFalse();
        assertThat(log).hasSize(1);
        assertThat(catchThrowable(() -> get(url))).isInstanceOf(IOException.class);
    }

    @Test
    void refusesAnAdminShutdownCallAndKeepsServing() throws Exception {
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);
        URI shutdown = URI.create(server.baseUrl() + "/__admin/shutdown");

        HttpResponse<byte[]> refused = client.send(HttpRequest.newBuilder(shutdown).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(server.isRunning()).isTrue();
        assertThat(get(projectSigner.signUrl(server.unsignedUrl("Example.pkg"))).body()).isEqualTo(PACKAGE);
    }

    @Test
    void awaitCloseReturnsOnceClosed() throws Exception {
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);
        Thread closer = new Thread(server::close);

        closer.start();
        server.awaitClose();

        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void accessLogIsCappedWithACountOfTheRest() throws Exception {
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);
        for (int i = 0; i < ServedContent.MAX_LOGGED_REQUESTS + 3; i++) {
            get(server.unsignedUrl("Example.pkg"));
        }

        server.close();

        assertThat(log).hasSize(1 + ServedContent.MAX_LOGGED_REQUESTS + 1);
        assertThat(log.get(log.size() - 1)).isEqualTo("  ... and 3 more");
    }

    @Test
    void signedUrlListHoldsAUrlTheServerServesForEachFile() throws Exception {
        Files.write(directory.resolve("Example.ipa"), PACKAGE);
        server = ServedContent.start(directory, 0, true, PROJECT_KEYS, List.of(), log::add);

        String list = server.signedUrlList(projectSigner, List.of("Example.ipa", "Example.pkg"));

        List<String> lines = list.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("# Signed URLs of the files jwt:serve serves at " + server.baseUrl())
                .contains("valid for 5 min");
        assertThat(lines.get(1)).startsWith(server.baseUrl() + "/Example.ipa?token=eyJ");
        assertThat(lines.get(2)).startsWith(server.baseUrl() + "/Example.pkg?token=eyJ");
        assertThat(get(URI.create(lines.get(1))).statusCode()).isEqualTo(200);
        assertThat(get(URI.create(lines.get(2))).statusCode()).isEqualTo(200);
    }

    private HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(7).nextBytes(bytes);
        return bytes;
    }
}
