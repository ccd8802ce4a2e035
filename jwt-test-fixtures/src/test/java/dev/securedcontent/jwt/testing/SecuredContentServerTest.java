package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.server.ContentServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The annotation with every default: a per-class server serving the classpath folder "secured-content". */
@SecuredContentServer
class SecuredContentServerTest {

    private static volatile URI baseUrlBeforeAll;

    @BeforeAll
    static void recordServer(ContentServer server) {
        baseUrlBeforeAll = server.baseUrl();
    }

    @Test
    void servesAFileToARequestWithAValidToken(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/app.ipa"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Requests.resource("apps/app.ipa"));
        assertThat(response.headers().firstValue("Content-Length")).hasValue("1000");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void answers401WithTheReasonWhenTheTokenIsMissing(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.unsignedUrl("/apps/app.ipa"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue("MISSING");
        assertThat(new String(response.body())).doesNotContain("\u0000").contains("content token missing");
    }

    @Test
    void answers401ForAnEmptyTokenParameter(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.unsignedUrl("/apps/app.ipa?token="));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue("MISSING");
    }

    @Test
    void answers403ForAnExpiredToken(ContentServer server) {
        assertRefused(server, server.expiredToken(), "EXPIRED");
    }

    @Test
    void answers403ForAWrongIssuer(ContentServer server) {
        assertRefused(server, server.wrongIssuerToken(), "WRONG_ISSUER");
    }

    @Test
    void answers403ForAWrongSubject(ContentServer server) {
        assertRefused(server, server.wrongSubjectToken(), "WRONG_SUBJECT");
    }

    @Test
    void answers403ForATokenSignedByAnotherKey(ContentServer server) {
        assertRefused(server, server.otherKeyToken(), "BAD_SIGNATURE");
    }

    @Test
    void answers403ForAlgNone(ContentServer server) {
        assertRefused(server, server.algNoneToken(), "UNSUPPORTED_ALGORITHM");
    }

    @Test
    void answers403ForATamperedToken(ContentServer server) {
        assertRefused(server, server.tamperedToken(), "BAD_SIGNATURE");
    }

    @Test
    void answers403ForARepeatedTokenParameter(ContentServer server) {
        URI twice = URI.create(server.signedUrl("/apps/app.ipa") + "&token=" + server.validToken());

        HttpResponse<byte[]> response = new Requests(server).get(twice);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue("AMBIGUOUS");
    }

    @Test
    void answers403ForGarbage(ContentServer server) {
        assertRefused(server, "not-a-token", "MALFORMED");
    }

    @Test
    void acceptsATokenTheTestSignedWithTheServersKey(ContentServer server) {
        String token = ContentTokenSigner.builder(server.privateKey()).clock(server.clock())
                .expiry(Duration.ofMinutes(1)).build().sign();

        HttpResponse<byte[]> response = new Requests(server).get(server.withToken(server.unsignedUrl("/book.pdf"), token));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aClientCannotSendItsOwnVerdict(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).send(HttpRequest
                .newBuilder(server.unsignedUrl("/apps/app.ipa"))
                .header("X-Secured-Content-Verdict", "ACCEPTED"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void answers404ForAMissingFileWithAValidToken(ContentServer server) {
        assertThat(new Requests(server).get(server.signedUrl("/apps/missing.ipa")).statusCode()).isEqualTo(404);
    }

    @Test
    void checksTheTokenBeforeLookingForTheFile(ContentServer server) {
        assertThat(new Requests(server).get(server.unsignedUrl("/apps/missing.ipa")).statusCode()).isEqualTo(401);
    }

    @Test
    void answers404ForADirectory(ContentServer server) {
        assertThat(new Requests(server).get(server.signedUrl("/apps")).statusCode()).isEqualTo(404);
        assertThat(new Requests(server).get(server.signedUrl("/")).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesPercentEncodedDotDotSegments(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/%2e%2e/%2e%2e/junit-platform.properties"));

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void refusesAnEncodedSlash(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps%2fapp.ipa"));

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void refusesARawDotDotSegment(ContentServer server) {
        URI raw = URI.create(server.baseUrl() + "apps/../../junit-platform.properties?token=" + server.validToken());

        HttpResponse<byte[]> response = new Requests(server).get(raw);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void answers405ForAPostToAFile(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).send(HttpRequest.newBuilder(server.signedUrl("/book.pdf"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void namesMediaTypesByExtension(ContentServer server) {
        Requests requests = new Requests(server);

        assertThat(requests.head(server.signedUrl("/package.pkg")).headers().firstValue("Content-Type"))
                .hasValue("application/octet-stream");
        assertThat(requests.head(server.signedUrl("/manifest.plist")).headers().firstValue("Content-Type"))
                .hasValue("text/xml");
        assertThat(requests.head(server.signedUrl("/book.pdf")).headers().firstValue("Content-Type"))
                .hasValue("application/pdf");
        assertThat(requests.head(server.signedUrl("/book.epub")).headers().firstValue("Content-Type"))
                .hasValue("application/epub+zip");
    }

    @Test
    void givesUserStubsPriorityButStillChecksTheirTokens(ContentServer server) {
        // urlPathEqualTo: the URL of a signed request carries the token query parameter.
        server.stubFor(WireMock.get(WireMock.urlPathEqualTo("/api/ping")).willReturn(WireMock.ok("pong")));
        Requests requests = new Requests(server);

        assertThat(new String(requests.get(server.signedUrl("/api/ping")).body())).isEqualTo("pong");
        assertThat(requests.get(server.unsignedUrl("/api/ping")).statusCode()).isEqualTo(401);
    }

    @Test
    void keepsOnlyRedactedTokensInWireMocksJournal(ContentServer server) {
        String token = server.validToken();
        String signature = token.substring(token.lastIndexOf('.') + 1);

        new Requests(server).get(server.withToken(server.unsignedUrl("/book.epub"), token));

        assertThat(server.wireMock().getAllServeEvents())
                .isNotEmpty()
                .allSatisfy(event -> assertThat(event.getRequest().getAbsoluteUrl()).doesNotContain(signature));
    }

    @Test
    void usesTheSameServerForLifecycleMethodsAndTests(ContentServer server) {
        assertThat(server.baseUrl()).isEqualTo(baseUrlBeforeAll);
    }

    @Test
    void hasTheDocumentedDefaults(ContentServer server) {
        assertThat(server.baseUrl().getScheme()).isEqualTo("http");
        assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isPositive();
        assertThat(server.tokenExpiry()).hasMinutes(5);
        assertThat(server.clockSkew()).hasSeconds(60);
        assertThat(server.publicKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(server.tokenCheck()).isTrue();
        assertThat(server.acceptedKeys()).containsExactly(server.publicKey());
        ContentTokenAssertions.assertThat(server.validToken())
                .hasJamfShape()
                .expiresAt(server.clock().instant().plusSeconds(300));
    }

    @Test
    void exposesThePublicKeyAsPemAndJwks(ContentServer server) {
        assertThat(server.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(server.jwks()).contains("\"keys\"").contains("\"RS256\"");
    }

    private static void assertRefused(ContentServer server, String token, String reason) {
        HttpResponse<byte[]> response = new Requests(server).get(server.withToken(server.unsignedUrl("/apps/app.ipa"), token));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue(reason);
        assertThat(new String(response.body())).isEqualTo("content token refused: " + reason + "\n");
    }

    @Nested
    class NestedClass {
        @Test
        void seesTheOuterClassServer(ContentServer server) {
            assertThat(server.baseUrl()).isEqualTo(baseUrlBeforeAll);
        }

        @Nested
        class TwoLevelsDown {
            @Test
            void stillSeesTheOuterClassServer(ContentServer server) {
                assertThat(server.baseUrl()).isEqualTo(baseUrlBeforeAll);
            }
        }
    }

    @Nested
    @SecuredContentServer(tokenCheck = false)
    class NestedClassWithItsOwnAnnotation {
        @Test
        void getsAServerOfItsOwn(ContentServer server) {
            assertThat(server.baseUrl()).isNotEqualTo(baseUrlBeforeAll);
            assertThat(server.tokenCheck()).isFalse();
        }
    }
}
