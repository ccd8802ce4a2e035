package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.securedcontent.jwt.server.ContentServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** HTTPS (and a 3072-bit key) with a certificate for 127.0.0.1 that only the server's own SSLContext trusts. */
@SecuredContentServer(https = true, keySize = 3072)
class HttpsServerTest {

    @Test
    void speaksHttpsOnLoopback(ContentServer server) {
        assertThat(server.baseUrl().toString()).startsWith("https://127.0.0.1:");
        assertThat(server.isHttps()).isTrue();
    }

    @Test
    void generatesAKeyOfTheAnnotatedSize(ContentServer server) {
        assertThat(server.publicKey().getModulus().bitLength()).isEqualTo(3072);
    }

    @Test
    void servesSignedRequestsToAClientTrustingItsCertificate(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/app.ipa"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Requests.resource("apps/app.ipa"));
    }

    @Test
    void checksTokensOverHttpsToo(ContentServer server) {
        assertThat(new Requests(server).get(server.unsignedUrl("/apps/app.ipa")).statusCode()).isEqualTo(401);
    }

    @Test
    void isNotTrustedByTheJvmsDefaultTrustStore(ContentServer server) {
        HttpClient untrusting = HttpClient.newHttpClient();

        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(server.signedUrl("/book.pdf")).build(),
                HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(SSLHandshakeException.class);
    }
}
