package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.server.ContentServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The unprotected server Jamf Pro warns about: content for anyone, which a probe must be able to catch. */
@SecuredContentServer(tokenCheck = false)
class TokenCheckOffTest {

    @Test
    void servesARequestWithoutAToken(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.unsignedUrl("/apps/app.ipa"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Requests.resource("apps/app.ipa"));
    }

    @Test
    void servesARequestWithAnExpiredToken(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server)
                .get(server.withToken(server.unsignedUrl("/book.pdf"), server.expiredToken()));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void logsRequestsAsNotChecked(ContentServer server) {
        new Requests(server).get(server.unsignedUrl("/manifest.plist?unchecked"));

        assertThat(server.requests())
                .filteredOn(request -> request.path().equals("/manifest.plist"))
                .isNotEmpty()
                .allSatisfy(request -> {
                    assertThat(request.tokenChecked()).isFalse();
                    assertThat(request.accepted()).isFalse();
                    assertThat(request.rejectionReason()).isEmpty();
                });
    }
}
