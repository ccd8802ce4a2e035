package dev.securedcontent.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.RsaKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ContentTokenFilter in an embedded Jetty 12: what servers and admins rely on beyond the shared
 * tables (the bad-token corpus, parity with the other enforcement points and the audit: it).
 */
class ContentTokenFilterTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final KeyPair keys = BadTokenCorpus.newKeyPair();
    private final byte[] content = randomBytes(64 * 1024);

    @Test
    void rangeAndHeadWithAValidTokenAreServedAndHeadWithoutOneIsRefused() throws Exception {
        try (FilteredJetty jetty = FilteredJetty.start(dir, content, filter(keys))) {
            URI signed = signer(keys).signUrl(jetty.uri(FilteredJetty.PATH));

            HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(signed).header("Range", "bytes=100-199").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> head = http.send(head(signed), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> bareHead = http.send(head(jetty.uri(FilteredJetty.PATH)), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
            assertThat(bareHead.statusCode()).isEqualTo(401);
            assertThat(bareHead.headers().firstValue(RejectionReason.HEADER)).hasValue("MISSING");
        }
    }

    @Test
    void theServletSeesTheQueryAndParametersWithoutTheToken() throws Exception {
        try (FilteredJetty jetty = FilteredJetty.start(dir, content, filter(keys))) {
            URI signed = signer(keys).signUrl(jetty.uri(FilteredJetty.ECHO_PATH + "?a=1&b=x%20y"));

            HttpResponse<String> echo = http.send(HttpRequest.newBuilder(signed).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo("a=1&b=x%20y\na,b\na,b\nnull");
        }
    }

    @Test
    void aServletDispatchedAsynchronouslySeesNoToken() throws Exception {
        try (FilteredJetty jetty = FilteredJetty.start(dir, content, filter(keys))) {
            URI signed = signer(keys).signUrl(jetty.uri(FilteredJetty.ASYNC_PATH + "?a=1"));

            HttpResponse<String> echo = http.send(HttpRequest.newBuilder(signed).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo("a=1\na\na\nnull\nASYNC null\nnull\na=1");
        }
    }

    @Test
    void theErrorPageAfterAServletExceptionSeesNoToken() throws Exception {
        try (FilteredJetty jetty = FilteredJetty.start(dir, content, filter(keys))) {
            URI signed = signer(keys).signUrl(jetty.uri(FilteredJetty.FAILING_PATH + "?a=1"));

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(signed).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(500);
            assertThat(page.body()).isEqualTo("a=1\na\na\nnull\nERROR 500\nnull\nnull");
        }
    }

    @Test
    void errorPagesForPathsTheFilterNeverChecksShowNoToken() throws Exception {
        try (FilteredJetty jetty = FilteredJetty.start(dir, content, filter(keys))) {
            for (String path : List.of("//apps/App.pkg", "/apps%2fApp.pkg", "/%2e/apps/App.pkg", "/APPS/App.pkg", "/absent")) {
                URI signed = signer(keys).signUrl(jetty.uri(path));
                String token = signed.getRawQuery().substring("token=".length());

                HttpResponse<String> page = http.send(HttpRequest.newBuilder(signed).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(page.statusCode()).as(path).isBetween(400, 499);
                assertThat(page.body() + page.headers().map()).as(path).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
            }
        }
    }

    @Test
    void initParamsNameTheKeyFilesOfARotationAndBothKeysAreAccepted() throws Exception {
        KeyPair next = BadTokenCorpus.newKeyPair();
        Path old = dir.resolve("old.pem");
        Path fresh = dir.resolve("new.pem");
        RsaKeys.writePublicKey(old, (RSAPublicKey) keys.getPublic());
        RsaKeys.writePublicKey(fresh, (RSAPublicKey) next.getPublic());
        try (FilteredJetty jetty = FilteredJetty.start(dir, content, Map.of(ContentTokenFilter.PUBLIC_KEY_FILES, old + ", " + fresh,
                ContentTokenFilter.CLOCK_SKEW_SECONDS, "30", ContentTokenFilter.CACHE_SIZE, "0"))) {
            assertThat(List.of(keys, next)).allSatisfy(pair -> assertThat(http.send(
                    HttpRequest.newBuilder(signer(pair).signUrl(jetty.uri(FilteredJetty.PATH))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200));
            assertThat(http.send(HttpRequest.newBuilder(jetty.uri(FilteredJetty.PATH + "?token=x.y.z")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aMissingKeyFileParamStopsTheServerFromStartingAndSaysWhatToSet() {
        assertThatThrownBy(() -> FilteredJetty.start(dir, content, Map.of()).close())
                .hasStackTraceContaining("filter content-token")
                .hasStackTraceContaining("init-param publicKeyFiles is not set");
    }

    @Test
    void anUnreadableKeyFileOrABadNumberStopsTheServerFromStartingNamingTheValue() throws Exception {
        Path absent = dir.resolve("absent.pem");
        Path publicKey = dir.resolve("public.pem");
        RsaKeys.writePublicKey(publicKey, (RSAPublicKey) keys.getPublic());

        assertThatThrownBy(() -> FilteredJetty.start(dir, content, Map.of(ContentTokenFilter.PUBLIC_KEY_FILES, absent.toString())).close())
                .hasStackTraceContaining("init-param publicKeyFiles: " + absent);
        assertThatThrownBy(() -> FilteredJetty.start(dir, content, Map.of(ContentTokenFilter.PUBLIC_KEY_FILES, publicKey.toString(),
                ContentTokenFilter.CLOCK_SKEW_SECONDS, "600")).close())
                .hasStackTraceContaining("init-param clockSkewSeconds is \"600\"; expected a whole number from 0 to 300");
    }

    @Test
    void aRefusalIsLoggedWithReasonAndPathButNeverTheToken() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(ContentTokenFilter.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try (FilteredJetty jetty = FilteredJetty.start(dir, content, filter(keys))) {
            String token = signer(BadTokenCorpus.newKeyPair()).sign();

            int status = http.send(HttpRequest.newBuilder(jetty.uri(FilteredJetty.PATH + "?token=" + token)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();

            assertThat(status).isEqualTo(403);
            assertThat(lines).singleElement().asString()
                    .startsWith("content token rejected (403): BAD_SIGNATURE")
                    .contains("uri " + FilteredJetty.PATH, "client 127.0.0.1")
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        } finally {
            logger.removeHandler(handler);
        }
    }

    private static ContentTokenFilter filter(KeyPair pair) {
        return new ContentTokenFilter(ContentTokenVerifier.builder(pair.getPublic()).cacheVerifiedTokens(1000).build());
    }

    private static HttpRequest head(URI uri) {
        return HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
    }

    private static ContentTokenSigner signer(KeyPair pair) {
        return ContentTokenSigner.builder(pair.getPrivate()).build();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }
}
