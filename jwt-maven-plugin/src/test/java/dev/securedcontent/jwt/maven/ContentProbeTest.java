package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContentProbeTest {

    private static final KeyPair KEYS = RsaKeys.generate(2048);
    private static final byte[] CONTENT = content();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_BYTES = 16_777_216;
    /** The test servers' host, named as jwt.probeHosts would name it. */
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1");

    private final Clock clock = Clock.systemUTC();
    private final ContentTokenVerifier verifier = ContentTokenVerifier.builder(KEYS.getPublic()).clock(clock).build();
    private final ContentTokenSigner signer =
            ContentTokenSigner.builder((RSAPrivateCrtKey) KEYS.getPrivate()).clock(clock).build();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void serverThatChecksTokensPassesEveryProbe() throws Exception {
        URI url = start(this::checkingServer);

        List<CheckResult> findings = probe(withPrivateKey(), url, Optional.of(firstBytes(1000)));

        assertThat(findings).allSatisfy(f -> assertThat(f.status()).as(f.line()).isEqualTo(CheckResult.Status.PASSED));
        assertThat(findings).extracting(CheckResult::check).contains("probe: no-token-get", "probe: alg-none",
                "probe: tampered-payload", "probe: expired", "probe: path-double-slash", "probe: valid-get",
                "probe: content-matches").doesNotContain("probe: exp-string", "probe: no-token-head");
        assertThat(detailOf(findings, "probe: no-token-get")).isEqualTo("refused, HTTP 401");
        assertThat(detailOf(findings, "probe: content-matches"))
                .isEqualTo("served 1000 bytes (206 Partial Content); their SHA-256 matches the test");
    }

    @Test
    void serverThatServesUnsignedDownloadsFailsNamingTheHole() throws Exception {
        URI url = start(ex -> 200);

        List<CheckResult> findings = probe(withPrivateKey(), url, Optional.empty());

        CheckResult noToken = findingOf(findings, "probe: no-token-get");
        assertThat(noToken.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(noToken.detail()).isEqualTo("served, HTTP 200: anyone can get the content this way; " + ContentProbe.HOLE);
        assertThat(noToken.fix()).contains("check the token on every request");
        assertThat(findingOf(findings, "probe: expired").status()).isEqualTo(CheckResult.Status.FAILED);
    }

    @Test
    void redirectInsteadOfRefusalFailsWithoutShowingWhereTo() throws Exception {
        URI url = start(ex -> {
            ex.getResponseHeaders().add("Location", "https://elsewhere.example/app.pkg?token=eyJa.eyJb.secretsig");
            return 302;
        });

        List<CheckResult> findings = probe(withPrivateKey(), url, Optional.empty());

        assertThat(detailOf(findings, "probe: no-token-get")).startsWith("redirected, HTTP 302, instead of refusing")
                .doesNotContain("secretsig");
    }

    @Test
    void servedBytesThatDoNotMatchTheManifestFail() throws Exception {
        URI url = start(this::checkingServer);
        var wrong = new ContentServerAudit.ExpectedContent("SHA-256", 1000, "00".repeat(32), "the test");

        List<CheckResult> findings = probe(withPrivateKey(), url, Optional.of(wrong));

        CheckResult content = findingOf(findings, "probe: content-matches");
        assertThat(content.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(content.detail()).contains("the test gives " + "00".repeat(32));
    }

    @Test
    void serverRefusingValidTokensFailsWithTheKeyFix() throws Exception {
        URI url = start(ex -> 403);

        List<CheckResult> findings = probe(withPrivateKey(), url, Optional.empty());

        CheckResult valid = findingOf(findings, "probe: valid-get");
        assertThat(valid.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(valid.detail()).contains("HTTP 403 to a valid token");
        assertThat(valid.fix()).contains("public key");
    }

    @Test
    void withOnlyAPublicKeyTheUrlsOwnTokenIsUsedAndMintingCasesAreSkipped() throws Exception {
        URI url = start(this::checkingServer);
        URI signed = TokenParameter.withToken(url, signer.sign());
        ContentProbe publicOnly = new ContentProbe(TIMEOUT, MAX_BYTES, LOOPBACK, true, verifier,
                Optional.of((RSAPublicKey) KEYS.getPublic()), Optional.empty(), clock);

        List<CheckResult> findings = new ArrayList<>();
        publicOnly.probe(new ContentProbe.Target("list.txt", "line 1", signed, Optional.empty()), findings);

        assertThat(findingOf(findings, "probe: valid-get").status()).isEqualTo(CheckResult.Status.PASSED);
        assertThat(findingOf(findings, "probe: tampered-payload").status()).isEqualTo(CheckResult.Status.PASSED);
        assertThat(findingOf(findings, "probe: expired").status()).isEqualTo(CheckResult.Status.SKIPPED);
        assertThat(detailOf(findings, "probe: expired")).contains("needs the private key");
    }

    @Test
    void unreachableServerIsAFailureNotAnException() throws Exception {
        URI url = start(ex -> 200);
        server.stop(0);
        server = null;

        List<CheckResult> findings = probe(withPrivateKey(), url, Optional.empty());

        assertThat(findingOf(findings, "probe: no-token-get").status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(detailOf(findings, "probe: no-token-get")).startsWith("no answer from the server");
    }

    private ContentProbe withPrivateKey() {
        return new ContentProbe(TIMEOUT, MAX_BYTES, LOOPBACK, true, verifier,
                Optional.of((RSAPublicKey) KEYS.getPublic()), Optional.of((RSAPrivateCrtKey) KEYS.getPrivate()), clock);
    }

    private List<CheckResult> probe(ContentProbe probe, URI url, Optional<ContentServerAudit.ExpectedContent> expected) {
        List<CheckResult> findings = new ArrayList<>();
        probe.probe(new ContentProbe.Target("list.txt", "line 1", url, expected), findings);
        return findings;
    }

    private static CheckResult findingOf(List<CheckResult> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + check + " in " + findings));
    }

    private static String detailOf(List<CheckResult> findings, String check) {
        return findingOf(findings, check).detail();
    }

    /** 401 without a token, 403 for a bad one, the content (Range honoured) for a good one. */
    private int checkingServer(HttpExchange ex) {
        String query = ex.getRequestURI().getRawQuery();
        if (query == null || !query.startsWith("token=")) {
            return 401;
        }
        try {
            verifier.verify(query.substring("token=".length()));
            return 200;
        } catch (TokenRejectedException e) {
            return 403;
        }
    }

    /** Starts a server whose decision function answers a status; 200 means serve the content. */
    private URI start(Function<HttpExchange, Integer> decide) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            int status = decide.apply(ex);
            if (status != 200) {
                ex.sendResponseHeaders(status, -1);
            } else if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
            } else {
                byte[] body = CONTENT;
                String range = ex.getRequestHeaders().getFirst("Range");
                if (range != null && range.matches("bytes=0-\\d+")) {
                    int last = Math.min(Integer.parseInt(range.substring("bytes=0-".length())), CONTENT.length - 1);
                    body = Arrays.copyOf(CONTENT, last + 1);
                    ex.getResponseHeaders().add("Content-Range", "bytes 0-" + last + "/" + CONTENT.length);
                    ex.sendResponseHeaders(206, body.length);
                } else {
                    ex.sendResponseHeaders(200, body.length);
                }
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/app.pkg");
    }

    private static ContentServerAudit.ExpectedContent firstBytes(int length) throws Exception {
        byte[] first = Arrays.copyOf(CONTENT, length);
        return new ContentServerAudit.ExpectedContent("SHA-256", length,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first)), "the test");
    }

    private static byte[] content() {
        byte[] bytes = new byte[5000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
