package dev.securedcontent.jwt.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/content-server.md's example, as a user writes it (DocSnippetsTest in it keeps the two the same). */
class ContentServerExampleTest {

    @Test
    void theExampleServesItsSignedUrlAndLogsTheRequest() throws Exception {
        List<String> printed = new ArrayList<>();

        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults()
                .contentDirectory(Path.of("src/test/resources/secured-content")))) {
            URI url = server.signedUrl("/apps/app.ipa");   // a fresh token from the server's own key
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), BodyHandlers.ofByteArray());
            printed.add(response.statusCode() + " " + server.requests()); // every request with its verdict, tokens redacted
        }

        assertThat(printed).singleElement().asString().startsWith("200 [").contains("/apps/app.ipa");
    }
}
