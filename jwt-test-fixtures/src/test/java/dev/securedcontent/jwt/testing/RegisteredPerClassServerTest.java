package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import dev.securedcontent.jwt.server.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A static {@code @RegisterExtension} field with builder options: one server for the class and its nested classes. */
class RegisteredPerClassServerTest {

    @RegisterExtension
    static final SecuredContentServerExtension SERVER = SecuredContentServerExtension.withOptions(ContentServerOptions.defaults()
            .contentDirectory(Path.of("src/test/content-dir"))
            .tokenExpiry(Duration.ofSeconds(30))
            .exposeRejectionReason(false));

    private static volatile URI baseUrlBeforeAll;

    @BeforeAll
    static void recordServer(ContentServer server) {
        baseUrlBeforeAll = server.baseUrl();
    }

    @Test
    void servesFilesFromTheDirectory(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/nested/readme.txt"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body())).isEqualTo("served from a directory\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void servesRangesFromTheDirectory(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/from-directory.pkg"), "bytes=256-259");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void doesNotServeTheClasspathFolderWhenADirectoryIsGiven(ContentServer server) {
        assertThat(new Requests(server).get(server.signedUrl("/apps/app.ipa")).statusCode()).isEqualTo(404);
    }

    @Test
    void signsTokensWithTheConfiguredExpiry(ContentServer server) {
        ContentTokenAssertions.assertThat(server.validToken())
                .expiresAt(server.clock().instant().plusSeconds(30));
    }

    @Test
    void hidesTheReasonFromClientsButKeepsItInTheLog(ContentServer server) {
        URI url = server.withToken(server.unsignedUrl("/nested/hidden-reason.txt"), server.wrongIssuerToken());

        HttpResponse<byte[]> response = new Requests(server).get(url);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).isEmpty();
        assertThat(new String(response.body())).isEqualTo("content token refused\n");
        assertThat(server.requests())
                .filteredOn(request -> request.path().equals("/nested/hidden-reason.txt"))
                .singleElement()
                .extracting(ReceivedRequest::rejectionReason)
                .isEqualTo(java.util.Optional.of(RejectionReason.WRONG_ISSUER));
    }

    @Test
    void theFieldGivesTheSameServerAsTheParameter(ContentServer server) {
        assertThat(SERVER.server()).isSameAs(server);
    }

    @Nested
    class Nested1 {
        @Test
        void seesTheOuterServer(ContentServer server) {
            assertThat(server.baseUrl()).isEqualTo(baseUrlBeforeAll);
        }
    }
}
