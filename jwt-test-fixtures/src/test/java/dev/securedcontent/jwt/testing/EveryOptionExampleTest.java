package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/test-server.md's every-option example, as a user writes it (DocSnippetsTest in it keeps the two the same). */
class EveryOptionExampleTest {

    static final KeyPair jamfKeyPair = RsaKeys.generate(2048);
    static final KeyPair previousKeyPair = RsaKeys.generate(2048);
    static final PublicKey previousPublicKey = previousKeyPair.getPublic();
    static final ResponseTransformerV2 myExtension = new ResponseTransformerV2() {
        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            return Response.Builder.like(response).but().headers(response.getHeaders().plus(new HttpHeader("X-Example", "yes"))).build();
        }

        @Override
        public String getName() {
            return "example";
        }
    };

    @RegisterExtension
    static SecuredContentServerExtension server = SecuredContentServerExtension.withOptions(ContentServerOptions.defaults()
            .contentDirectory(Path.of("src/test/content-dir")) // or contentClasspathRoot("other-folder")
            .https(true)
            .tokenExpiry(Duration.ofMinutes(10))
            .clockSkew(Duration.ZERO)
            .keyPair(jamfKeyPair)                          // or .privateKeyFile(path) or .keySize(4096)
            .acceptAlso(previousPublicKey)                 // or .acceptAlso(Path.of("old.pub.pem"))
            .exposeRejectionReason(false)
            .tokenCheck(true)
            .clockStart(Instant.parse("2026-01-01T00:00:00Z")) // default: now, whole seconds
            .configureWireMock(wm -> wm.extensions(myExtension)));

    @Test
    void everyOptionTakesEffect(ContentServer content) {
        HttpResponse<byte[]> response = new Requests(content).get(content.signedUrl("/nested/readme.txt"));

        assertThat(content.isHttps()).isTrue();
        assertThat(content.publicKey()).isEqualTo(jamfKeyPair.getPublic());
        assertThat(content.acceptedKeys()).contains((java.security.interfaces.RSAPublicKey) previousPublicKey);
        assertThat(content.clock().instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(content.tokenExpiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Example")).hasValue("yes");
    }
}
