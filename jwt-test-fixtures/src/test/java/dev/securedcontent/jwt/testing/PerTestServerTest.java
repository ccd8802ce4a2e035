package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import dev.securedcontent.jwt.server.ReceivedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance-field extension: every test gets a server of its own, so tests may move its clock. */
class PerTestServerTest {

    @RegisterExtension
    SecuredContentServerExtension extension = SecuredContentServerExtension.withOptions(ContentServerOptions.defaults()
            .clockStart(Instant.parse("2026-01-01T00:00:00Z")));

    @Test
    void startsWithAnEmptyRequestLogAndTheConfiguredClock(ContentServer server) {
        assertThat(server.requests()).isEmpty();
        assertThat(server.clock().instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void givesTheParameterAndTheFieldTheSameServer(ContentServer server) {
        assertThat(extension.server()).isSameAs(server);
    }

    @Test
    void movingTheClockPastExpiryTurns200Into403Expired(ContentServer server) {
        URI url = server.signedUrl("/apps/app.ipa");
        Requests requests = new Requests(server);
        assertThat(requests.get(url).statusCode()).isEqualTo(200);

        server.clock().advance(server.tokenExpiry().plus(server.clockSkew()).plusSeconds(1));

        var response = requests.get(url);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue("EXPIRED");
    }

    @Test
    void acceptsATokenUntilTheEndOfTheClockSkew(ContentServer server) {
        URI url = server.signedUrl("/apps/app.ipa");

        server.clock().advance(server.tokenExpiry().plus(server.clockSkew()).minusSeconds(1));

        assertThat(new Requests(server).get(url).statusCode()).isEqualTo(200);
    }

    @Test
    void signsWithTheMovedClock(ContentServer server) {
        server.clock().setInstant(Instant.parse("2030-06-01T12:00:00Z"));

        ContentTokenAssertions.assertThat(server.validToken())
                .expiresAt(Instant.parse("2030-06-01T12:05:00Z"));
        assertThat(new Requests(server).get(server.signedUrl("/book.pdf")).statusCode()).isEqualTo(200);
    }

    @Test
    void recordsEveryRequestWithItsVerdictAndOnlyARedactedToken(ContentServer server) {
        String token = server.expiredToken();
        Requests requests = new Requests(server);

        requests.get(server.signedUrl("/apps/app.ipa"), "bytes=0-9");
        requests.head(server.unsignedUrl("/book.pdf"));
        requests.get(server.withToken(server.unsignedUrl("/book.epub"), token));

        assertThat(server.requests()).hasSize(3);
        ReceivedRequest ranged = server.requests().get(0);
        assertThat(ranged.method()).isEqualTo("GET");
        assertThat(ranged.path()).isEqualTo("/apps/app.ipa");
        assertThat(ranged.range()).hasValue("bytes=0-9");
        assertThat(ranged.status()).isEqualTo(206);
        assertThat(ranged.accepted()).isTrue();
        ReceivedRequest head = server.requests().get(1);
        assertThat(head.method()).isEqualTo("HEAD");
        assertThat(head.status()).isEqualTo(401);
        assertThat(head.rejectionReason()).hasValue(RejectionReason.MISSING);
        assertThat(head.redactedToken()).isEmpty();
        ReceivedRequest expired = server.requests().get(2);
        assertThat(expired.rejectionReason()).hasValue(RejectionReason.EXPIRED);
        assertThat(expired.redactedToken()).hasValue(token.substring(0, token.lastIndexOf('.')) + ".<redacted>");
        assertThat(expired.toString()).isEqualTo("GET /book.epub -> 403 EXPIRED");
    }

    @Test
    void lastRequestIsTheMostRecentOne(ContentServer server) {
        Requests requests = new Requests(server);
        requests.get(server.signedUrl("/book.pdf"));
        requests.get(server.signedUrl("/missing.pdf"));

        Optional<ReceivedRequest> last = server.lastRequest();

        assertThat(last).map(ReceivedRequest::path).hasValue("/missing.pdf");
        assertThat(last).map(ReceivedRequest::status).hasValue(404);
    }
}
