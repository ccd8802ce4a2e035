package dev.securedcontent.jwt.testing;

// The first example of docs/test-server.md, as a user writes it (DocSnippetsTest in it keeps the two the same).

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.testing.ContentTokenAssertions;
import dev.securedcontent.jwt.testing.SecuredContentServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@SecuredContentServer
class DownloadTest {

    @Test
    void downloadsWithAValidTokenOnly(ContentServer server) throws Exception {
        HttpClient client = server.newHttpClient();

        var ok = client.send(HttpRequest.newBuilder(server.signedUrl("/apps/app.ipa")).build(), BodyHandlers.ofByteArray());
        var missing = client.send(HttpRequest.newBuilder(server.unsignedUrl("/apps/app.ipa")).build(), BodyHandlers.discarding());
        var expired = client.send(HttpRequest.newBuilder(
                server.withToken(server.unsignedUrl("/apps/app.ipa"), server.expiredToken())).build(), BodyHandlers.discarding());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.headers().firstValue("X-Content-Token-Reason")).hasValue("EXPIRED");
        assertThat(server.requests()).hasSize(3);          // method, path, Range, status, reason; tokens redacted
        ContentTokenAssertions.assertThat(server.validToken())
                .usingClock(server.clock())
                .isValidFor(server.publicKey())
                .hasIssuer("JSS")
                .expiresWithin(Duration.ofMinutes(5));
    }
}
