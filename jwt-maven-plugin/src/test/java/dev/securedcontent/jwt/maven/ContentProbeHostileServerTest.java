package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import dev.securedcontent.jwt.core.manifest.Manifest;
import dev.securedcontent.jwt.core.manifest.ManifestChecker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against servers that are not on the user's side: a host the user never named, a server
 * that stalls mid-body, one that streams without end. The probe must leak no credential to them and
 * must come back, with a finding that says what happened.
 */
class ContentProbeHostileServerTest {

    private static final KeyPair KEYS = RsaKeys.generate(2048);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Generous: the probe must return, not be fast; 40x the timeout of one request. */
    private static final Duration RETURNS_WITHIN = TIMEOUT.multipliedBy(40);
    private static final long MAX_BYTES = 16_777_216;

    private final Clock clock = Clock.systemUTC();
    private final ContentTokenVerifier verifier = ContentTokenVerifier.builder(KEYS.getPublic()).clock(clock).build();

    /** Released at the end of each test: the hostile handlers block on it instead of answering. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        handlers.shutdownNow();
    }

    @Test
    void aManifestUrlOverPlainHttpIsReportedAndNeverRequested(@TempDir Path dir) throws Exception {
        URI attacker = start(this::recordAndServe);
        Path manifest = manifestFor(dir, attacker);
        Verification verification = verification(dir, false);
        List<CheckResult> findings = new ArrayList<>();

        verification.checkManifest(manifest, findings);
        probeAll(verification, probe(Set.of(attacker.getHost())), findings);

        assertThat(findings).anySatisfy(f -> assertThat(f.check()).isEqualTo("NOT_HTTPS"));
        assertThat(received).as("requests the plain-http host received").isEmpty();
    }

    @Test
    void aHostTheUserDidNotNameReceivesNoToken(@TempDir Path dir) throws Exception {
        URI attacker = start(this::recordAndServe);
        Path manifest = manifestFor(dir, attacker);
        Verification verification = verification(dir, true);
        List<CheckResult> findings = new ArrayList<>();

        verification.checkManifest(manifest, findings);
        probeAll(verification, probe(Set.of("downloads.example.com")), findings);

        assertThat(received).as("requests the unnamed host received").isNotEmpty()
                .noneSatisfy(request -> assertThat(signedWithTheSiteKey(request)).isTrue());
        assertThat(findings).filteredOn(f -> f.check().equals("probe: valid-get")).singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(CheckResult.Status.SKIPPED);
                    assertThat(f.detail()).contains("127.0.0.1", "jwt.probeHosts", "jwt.urlPrefix");
                });
        assertThat(findings).filteredOn(f -> f.check().equals("probe: expired")).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(CheckResult.Status.SKIPPED));
    }

    @Test
    void aNamedHostIsProbedWithMintedTokens(@TempDir Path dir) throws Exception {
        URI named = start(this::recordAndServe);
        Path manifest = manifestFor(dir, named);
        Verification verification = verification(dir, true);
        List<CheckResult> findings = new ArrayList<>();

        verification.checkManifest(manifest, findings);
        probeAll(verification, probe(Set.of("127.0.0.1")), findings);

        assertThat(received).filteredOn(this::signedWithTheSiteKey).isNotEmpty();
    }

    @Test
    void aServerThatStallsMidBodyFailsWithinTheTimeout() throws Exception {
        URI url = start(ex -> {
            if (!validToken(ex)) {
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(206, 65_536);
            ex.getResponseBody().write(new byte[] {1, 2, 3});
            ex.getResponseBody().flush();
            awaitRelease();
            ex.close();
        });

        var firstChunk = new ContentServerAudit.ExpectedContent("SHA-256", 65_536, "00".repeat(32),
                "the manifest's first sha256s chunk");

        List<CheckResult> findings = assertTimeoutPreemptively(RETURNS_WITHIN,
                () -> probe(url, Optional.of(firstChunk), MAX_BYTES));

        assertThat(findings).filteredOn(f -> f.check().equals("probe: content-matches")).singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(CheckResult.Status.FAILED);
                    assertThat(f.detail()).isEqualTo("answered HTTP 206 but sent only 3 of 65536 bytes: "
                            + "nothing more arrived within PT1S");
                });
    }

    @Test
    void aChunkAboveTheByteCapIsSkippedNamingTheProperty() throws Exception {
        URI url = start(this::streamWithoutEnd);
        var hugeChunk = new ContentServerAudit.ExpectedContent("MD5", 2_000_000_000L, "00".repeat(16),
                "the manifest's first md5s chunk");

        List<CheckResult> findings = assertTimeoutPreemptively(RETURNS_WITHIN,
                () -> probe(url, Optional.of(hugeChunk), MAX_BYTES));

        assertThat(findings).filteredOn(f -> f.check().equals("probe: content-matches")).singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(CheckResult.Status.SKIPPED);
                    assertThat(f.detail()).contains("2000000000 bytes", "jwt.probeMaxBytes", "16777216");
                });
    }

    @Test
    void aServerStreamingWithoutEndIsCutOffAtTheDeadline() throws Exception {
        URI url = start(this::streamWithoutEnd);
        var hugeChunk = new ContentServerAudit.ExpectedContent("MD5", 2_000_000_000L, "00".repeat(16),
                "the manifest's first md5s chunk");

        List<CheckResult> findings = assertTimeoutPreemptively(RETURNS_WITHIN,
                () -> probe(url, Optional.of(hugeChunk), 4_000_000_000L));

        assertThat(findings).filteredOn(f -> f.check().equals("probe: content-matches")).singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(CheckResult.Status.FAILED);
                    assertThat(f.detail()).contains("HTTP 200", "of 2000000000 bytes", "PT1S");
                });
    }

    private List<CheckResult> probe(URI url, Optional<ContentServerAudit.ExpectedContent> expected, long maxBytes) {
        ContentProbe probe = new ContentProbe(TIMEOUT, maxBytes, Set.of("127.0.0.1"), true, verifier,
                Optional.of((RSAPublicKey) KEYS.getPublic()), Optional.of((RSAPrivateCrtKey) KEYS.getPrivate()), clock);
        List<CheckResult> findings = new ArrayList<>();
        probe.probe(new ContentProbe.Target("app.pkg.plist", "items[0].assets[0]", url, expected), findings);
        return findings;
    }

    private ContentProbe probe(Set<String> namedHosts) {
        return new ContentProbe(TIMEOUT, MAX_BYTES, namedHosts, true, verifier,
                Optional.of((RSAPublicKey) KEYS.getPublic()), Optional.of((RSAPrivateCrtKey) KEYS.getPrivate()), clock);
    }

    /** Whether the request carries a token whose signature the site's key made: a credential, valid or not. */
    private boolean signedWithTheSiteKey(String request) {
        int at = request.indexOf("token=");
        if (at < 0) {
            return false;
        }
        String token = request.substring(at + "token=".length()).split("[& ]")[0];
        String[] parts = token.split("\\.", -1);
        if (parts.length < 3) {
            return false;
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(KEYS.getPublic());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rs256.verify(Base64.getUrlDecoder().decode(parts[2].replace("=", "")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private boolean validToken(HttpExchange ex) {
        String query = ex.getRequestURI().getRawQuery();
        if (query == null || !query.startsWith("token=")) {
            return false;
        }
        try {
            verifier.verify(query.substring("token=".length()));
            return true;
        } catch (TokenRejectedException e) {
            return false;
        }
    }

    private static void probeAll(Verification verification, ContentProbe probe, List<CheckResult> out) {
        for (ContentProbe.Target target : verification.probeTargets()) {
            probe.probe(target, out);
        }
    }

    private Verification verification(Path dir, boolean allowHttp) {
        ManifestChecker.Builder checker = ManifestChecker.builder().verifier(verifier).clock(clock);
        if (allowHttp) {
            checker.allowPlainHttp();
        }
        return new Verification(new TokenChecks(verifier, clock, Duration.ZERO, allowHttp), checker.build(),
                allowHttp, Map.of(), Verification.relativeTo(dir));
    }

    private static Path manifestFor(Path dir, URI url) throws IOException {
        Path pkg = Files.write(dir.resolve("app.pkg"), new byte[] {1, 2, 3, 4, 5});
        Path manifest = dir.resolve("app.pkg.plist");
        Manifest.forPackage(pkg, url, "com.example.app", "1.0", 1000).write(manifest);
        return manifest;
    }

    private void recordAndServe(HttpExchange ex) throws IOException {
        received.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        byte[] body = {1, 2, 3, 4, 5};
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    /** 200 and 64 KiB after 64 KiB until the client goes away or the test ends. */
    private void streamWithoutEnd(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 0);
        byte[] block = new byte[65_536];
        try (OutputStream out = ex.getResponseBody()) {
            while (release.getCount() > 0) {
                out.write(block);
            }
        } catch (IOException e) {
            // The probe hung up: what it should do.
        }
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI start(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.setExecutor(handlers);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/app.pkg");
    }
}
