package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.TokenParameter;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.PemKeys;
import dev.securedcontent.jwt.core.TokenRejectedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
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

    private static final KeyPair KEYS = PemKeys.generate(2048);
    private static final byte[] CONTENT = content();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
    private static final long MAX_BYTES = 16_777_216;
    /** The test servers' host, named as jwt.probeHosts would name it. */
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1");

    private final Clock clock = Clock.systemUTC();
    private final ContentTokenVerifier verifier = ContentTokenVerifier.builder(KEYS.getPublic()).clock(clock).build();
    private final ContentTokenSigner signer =
            ContentTokenSigner.builder((RSAPrivateCrtKey) KEYS.getPrivate()).clock(clock).build();
    private final ContentTokenSigner expiredSigner = ContentTokenSigner.builder((RSAPrivateCrtKey) KEYS.getPrivate())
            .clock(Clock.offset(clock, Duration.ofHours(-3))).build();
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

        List<Finding> findings = probe(withPrivateKey(), url, Optional.of(firstBytes(1000)));

        assertThat(findings).extracting(Finding::status).containsOnly(Finding.Status.PASSED);
        assertThat(findings).extracting(Finding::check).containsExactly(
                "probe: no token", "probe: tampered token", "probe: expired token", "probe: valid token");
        assertThat(findings.get(0).detail()).isEqualTo("refused with HTTP 401");
        assertThat(findings.get(3).detail()).contains("served 1000 bytes (206 Partial Content)", "matches the test");
    }

    @Test
    void serverThatServesUnsignedDownloadsFailsNamingTheHole() throws Exception {
        URI url = start(ex -> 200);

        List<Finding> findings = probe(withPrivateKey(), url, Optional.empty());

        assertThat(findings.get(0).status()).isEqualTo(Finding.Status.FAILED);
        assertThat(findings.get(0).detail()).startsWith("serves content without a token (HTTP 206)")
                .contains("the hole Jamf warns about");
        assertThat(findings.get(0).fix()).contains("README");
        assertThat(findings.get(2).detail()).startsWith("serves content with an expired token");
    }

    @Test
    void redirectInsteadOfRefusalFailsAndShowsWhereTo() throws Exception {
        URI url = start(ex -> {
            ex.getResponseHeaders().add("Location", "https://elsewhere.example/app.pkg?token=eyJa.eyJb.secretsig");
            return 302;
        });

        List<Finding> findings = probe(withPrivateKey(), url, Optional.empty());

        assertThat(findings.get(0).detail()).contains("answered HTTP 302", "elsewhere.example/app.pkg?token=eyJa.eyJb.")
                .doesNotContain("secretsig");
    }

    @Test
    void servedBytesThatDoNotMatchTheManifestFail() throws Exception {
        URI url = start(this::checkingServer);
        ContentProbe.ExpectedBytes wrong = new ContentProbe.ExpectedBytes("SHA-256", 1000, "00".repeat(32), "the test");

        List<Finding> findings = probe(withPrivateKey(), url, Optional.of(wrong));

        Finding valid = findings.get(3);
        assertThat(valid.status()).isEqualTo(Finding.Status.FAILED);
        assertThat(valid.detail()).contains("the test gives " + "00".repeat(32));
    }

    @Test
    void serverRefusingValidTokensFailsWithTheKeyFix() throws Exception {
        URI url = start(ex -> 403);

        List<Finding> findings = probe(withPrivateKey(), url, Optional.empty());

        assertThat(findings.get(3).status()).isEqualTo(Finding.Status.FAILED);
        assertThat(findings.get(3).detail()).contains("answered HTTP 403 to a valid token");
        assertThat(findings.get(3).fix()).contains("public key");
    }

    @Test
    void withOnlyAPublicKeyTheUrlsOwnTokenIsUsedAndTheExpiredProbeIsSkipped() throws Exception {
        URI url = start(this::checkingServer);
        URI signed = TokenParameter.withToken(url, signer.sign());
        ContentProbe publicOnly = new ContentProbe(ContentProbe.newClient(TIMEOUT), TIMEOUT, MAX_BYTES, LOOPBACK,
                verifier, Optional.empty(), Optional.empty());

        List<Finding> findings = new ArrayList<>();
        publicOnly.probe(new ContentProbe.Target("list.txt", "line 1", signed, Optional.empty()), findings);

        assertThat(findings).extracting(Finding::check, Finding::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("probe: no token", Finding.Status.PASSED),
                org.assertj.core.groups.Tuple.tuple("probe: tampered token", Finding.Status.PASSED),
                org.assertj.core.groups.Tuple.tuple("probe: expired token", Finding.Status.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("probe: valid token", Finding.Status.PASSED));
        assertThat(findings.get(2).detail()).contains("needs the private key");
    }

    @Test
    void unreachableServerIsAFailureNotAnException() throws Exception {
        URI url = start(ex -> 200);
        server.stop(0);
        server = null;

        List<Finding> findings = probe(withPrivateKey(), url, Optional.empty());

        assertThat(findings.get(0).status()).isEqualTo(Finding.Status.FAILED);
        assertThat(findings.get(0).detail()).startsWith("no answer from the server");
    }

    @Test
    void tamperingChangesOneSignatureCharacterOnly() {
        String token = signer.sign();

        String tampered = ContentProbe.tamper(token);

        assertThat(tampered).hasSameSizeAs(token).isNotEqualTo(token);
        assertThat(tampered.substring(0, token.lastIndexOf('.'))).isEqualTo(token.substring(0, token.lastIndexOf('.')));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOf(TokenRejectedException.class);
    }

    private ContentProbe withPrivateKey() {
        return withPrivateKey(TIMEOUT, MAX_BYTES, LOOPBACK);
    }

    private ContentProbe withPrivateKey(Duration timeout, long maxBytes, Set<String> namedHosts) {
        return new ContentProbe(ContentProbe.newClient(timeout), timeout, maxBytes, namedHosts, verifier,
                Optional.of(signer), Optional.of(expiredSigner));
    }

    private List<Finding> probe(ContentProbe probe, URI url, Optional<ContentProbe.ExpectedBytes> expected) {
        List<Finding> findings = new ArrayList<>();
        probe.probe(new ContentProbe.Target("list.txt", "line 1", url, expected), findings);
        return findings;
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

    private static ContentProbe.ExpectedBytes firstBytes(int length) throws Exception {
        byte[] first = Arrays.copyOf(CONTENT, length);
        return new ContentProbe.ExpectedBytes("SHA-256", length,
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
