package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.server.ContentServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every annotation attribute away from its default, each shown to take effect. */
@SecuredContentServer(
        contentDirectory = "src/test/content-dir",
        tokenExpirySeconds = 600,
        clockSkewSeconds = 0,
        privateKeyFile = "src/test/keys/jamf.pem",
        acceptAlsoKeyFiles = "src/test/keys/previous.pub.pem",
        exposeRejectionReason = false)
class AnnotationAttributesTest {

    @Test
    void servesTheContentDirectory(ContentServer server) {
        assertThat(new Requests(server).get(server.signedUrl("/nested/readme.txt")).statusCode()).isEqualTo(200);
    }

    @Test
    void signsWithTheConfiguredExpiry(ContentServer server) {
        assertThat(server.tokenExpiry()).isEqualTo(Duration.ofMinutes(10));
        ContentTokenAssertions.assertThat(server.validToken()).expiresAt(server.clock().instant().plusSeconds(600));
    }

    @Test
    void verifiesWithTheConfiguredSkew(ContentServer server) {
        assertThat(server.clockSkew()).isZero();
    }

    @Test
    void signsWithThePrivateKeyFile(ContentServer server) {
        assertThat(server.publicKey()).isEqualTo(RsaKeys.readPublicKey(Path.of("src/test/keys/jamf.pub.pem")));
    }

    @Test
    void acceptsTheExtraKeyFile(ContentServer server) {
        String previousKeyToken = ContentTokenSigner
                .builder(RsaKeys.readPrivateKey(Path.of("src/test/keys/previous.pem")))
                .clock(server.clock())
                .build()
                .sign();

        HttpResponse<byte[]> response = new Requests(server)
                .get(server.withToken(server.unsignedUrl("/nested/readme.txt"), previousKeyToken));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void keepsTheReasonOutOfTheResponseButInWireMocksJournal(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server)
                .get(server.withToken(server.unsignedUrl("/journal-check.txt"), server.wrongSubjectToken()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).isEmpty();
        assertThat(server.wireMock().getAllServeEvents())
                .filteredOn(event -> event.getRequest().getUrl().startsWith("/journal-check.txt"))
                .singleElement()
                .extracting(ServeEvent::getRequest)
                .extracting(request -> request.getHeader("X-Secured-Content-Verdict"))
                .isEqualTo("REJECTED WRONG_SUBJECT");
    }
}
