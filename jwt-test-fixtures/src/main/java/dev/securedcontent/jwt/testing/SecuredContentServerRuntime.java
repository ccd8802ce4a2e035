package dev.securedcontent.jwt.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.PemKeys;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A secured-content test server for use outside JUnit (or inside, by hand): a WireMock server on
 * loopback and a random port that serves content only to requests with a valid content token.
 *
 * <pre>{@code
 * try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().contentDirectory(dir).start()) {
 *     URI url = server.content().signedUrl("/app.ipa");
 * }
 * }</pre>
 */
public final class SecuredContentServerRuntime implements AutoCloseable {
    /** Verified tokens remembered by the server's verifier. */
    static final int VERIFIED_TOKEN_CACHE_ENTRIES = 10_000;


    /** Response header naming the {@link dev.securedcontent.jwt.core.RejectionReason} of a refused request. */
    public static final String REJECTION_HEADER = "X-Content-Token-Rejected";

    /** Below every user stub (WireMock's default priority is 5, and 1 is the highest). */
    private static final int CONTENT_STUB_PRIORITY = 1_000_000;

    private final WireMockServer wireMock;
    private final WireMockFolder wireMockFolder;
    private final SelfSignedCertificate certificate;
    private final SecuredContent content;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SecuredContentServerRuntime(WireMockServer wireMock, WireMockFolder wireMockFolder,
            SelfSignedCertificate certificate, SecuredContent content) {
        this.wireMock = wireMock;
        this.wireMockFolder = wireMockFolder;
        this.certificate = certificate;
        this.content = content;
    }

    /** Starts a builder; {@link Builder#start()} starts the server. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of a {@link SecuredContentServerRuntime}; options and defaults in {@link SecuredContentServerOptions}. */
    public static final class Builder extends SecuredContentServerOptions<Builder> {
        private Builder() {}

        /** Starts the server; close it (try-with-resources) when done. */
        public SecuredContentServerRuntime start() {
            return SecuredContentServerRuntime.start(settings());
        }
    }

    static SecuredContentServerRuntime start(ServerSettings settings) {
        KeyPair keys = keyPair(settings);
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) keys.getPrivate();
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        List<RSAPublicKey> accepted = new ArrayList<>();
        accepted.add(publicKey);
        for (PublicKey extra : settings.extraAcceptedKeys()) {
            if (!(extra instanceof RSAPublicKey rsa)) {
                throw new IllegalArgumentException("acceptAlso: " + extra.getAlgorithm()
                        + " key given; content tokens are RS256, pass an RSA public key");
            }
            accepted.add(rsa);
        }
        for (Path file : settings.extraPublicKeyFiles()) {
            accepted.addAll(PemKeys.readPublicKeys(file));
        }

        Instant start = settings.startInstant() != null
                ? settings.startInstant()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ContentClock clock = new ContentClock(start);
        ContentTokenSigner signer = signer(privateKey, settings.tokenExpiry(), clock);
        ContentTokenVerifier verifier = settings.tokenCheck()
                ? ContentTokenVerifier.builder(accepted)
                        .clock(clock)
                        .clockSkew(settings.clockSkew())
                        .maxLifetime(max(ContentTokenVerifier.DEFAULT_MAX_LIFETIME, settings.tokenExpiry()))
                        // Like a device, a client sends many Range/HEAD requests with one token; a hit
                        // still re-checks exp/nbf against the (movable) clock, so moving time still refuses.
                        .cacheVerifiedTokens(VERIFIED_TOKEN_CACHE_ENTRIES)
                        .build()
                : null;
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader()
                : SecuredContentServerRuntime.class.getClassLoader();
        ContentFiles files = ContentFiles.of(settings, loader);
        RequestLog requestLog = new RequestLog();

        SelfSignedCertificate certificate = settings.https() ? SelfSignedCertificate.create() : null;
        WireMockFolder wireMockFolder = null;
        WireMockServer wireMock = null;
        try {
            wireMockFolder = WireMockFolder.create();
            WireMockConfiguration configuration = WireMockConfiguration.options()
                    .bindAddress("127.0.0.1")
                    // Never the working directory: WireMock loads stubs from its root at start and saves them there.
                    .withRootDirectory(wireMockFolder.path().toString())
                    .extensionScanningEnabled(false)
                    .extensions(new ClosedAdminApi(), new TokenGate(verifier),
                            new ContentResponder(files, settings.exposeRejectionReason()), requestLog)
                    // Explicit Content-Length on every answer, and no gzip: Range and HEAD must see real lengths.
                    .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
                    .gzipDisabled(true)
                    // WireMock would build an INFO line per request (the whole response definition, body
                    // base64-encoded) only for the notifier to drop it: 25% of a served request's time.
                    // Our RequestLog records every request with its verdict instead.
                    .stubRequestLoggingDisabled(true);
            if (certificate != null) {
                configuration.httpDisabled(true)
                        .httpsPort(0)
                        .keystorePath(certificate.keyStoreFile().toString())
                        .keystoreType("PKCS12")
                        .keystorePassword(certificate.password())
                        .keyManagerPassword(certificate.password());
            } else {
                configuration.port(0);
            }
            settings.wireMockCustomizers().forEach(customizer -> customizer.accept(configuration));

            wireMock = new WireMockServer(configuration);
            wireMock.start();
            wireMock.stubFor(any(anyUrl())
                    .atPriority(CONTENT_STUB_PRIORITY)
                    .withMetadata(new Metadata(Map.of(ContentResponder.CONTENT_STUB_METADATA, files.describe())))
                    .willReturn(aResponse().withStatus(404)));
        } catch (RuntimeException e) {
            try {
                if (wireMock != null) {
                    wireMock.stop();
                }
            } finally {
                if (wireMockFolder != null) {
                    wireMockFolder.close();
                }
                if (certificate != null) {
                    certificate.close();
                }
            }
            throw e;
        }
        URI baseUrl = URI.create(certificate != null
                ? "https://127.0.0.1:" + wireMock.httpsPort() + "/"
                : "http://127.0.0.1:" + wireMock.port() + "/");
        WrongTokens wrongTokens = new WrongTokens(privateKey, otherKeyPair(settings.keySize()), clock,
                settings.tokenExpiry(), settings.clockSkew());
        SecuredContent content = new SecuredContent(baseUrl, signer, wrongTokens, privateKey, publicKey, accepted, clock,
                settings.tokenExpiry(), settings.clockSkew(), settings.tokenCheck(), requestLog, wireMock,
                certificate != null ? certificate.clientContext() : null);
        return new SecuredContentServerRuntime(wireMock, wireMockFolder, certificate, content);
    }

    private static ContentTokenSigner signer(RSAPrivateCrtKey key, Duration expiry, ContentClock clock) {
        ContentTokenSigner.Builder builder = ContentTokenSigner.builder(key).expiry(expiry).clock(clock);
        boolean jamfRange = expiry.compareTo(ContentTokenSigner.MIN_JAMF_EXPIRY) >= 0
                && expiry.compareTo(ContentTokenSigner.MAX_JAMF_EXPIRY) <= 0;
        if (!jamfRange) {
            builder.allowExpiryOutsideJamfRange();
        }
        return builder.build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static KeyPair keyPair(ServerSettings settings) {
        if (settings.keyPair() != null) {
            if (!(settings.keyPair().getPrivate() instanceof RSAPrivateCrtKey)
                    || !(settings.keyPair().getPublic() instanceof RSAPublicKey)) {
                throw new IllegalArgumentException("keyPair: " + settings.keyPair().getPrivate().getAlgorithm()
                        + " key pair given; content tokens are RS256, pass an RSA key pair");
            }
            return settings.keyPair();
        }
        if (settings.privateKeyFile() != null) {
            RSAPrivateCrtKey privateKey = PemKeys.readPrivateKey(settings.privateKeyFile());
            return new KeyPair(PemKeys.publicKeyOf(privateKey), privateKey);
        }
        return PemKeys.generate(settings.keySize());
    }

    /** The key of {@link SecuredContent#otherKeyToken()}, generated on first use: most tests never need it. */
    private static Supplier<KeyPair> otherKeyPair(int bits) {
        return new Supplier<>() {
            private KeyPair keyPair;

            @Override
            public synchronized KeyPair get() {
                if (keyPair == null) {
                    keyPair = PemKeys.generate(bits);
                }
                return keyPair;
            }
        };
    }

    /** The handle tests use: URLs, tokens, keys, received requests, clock. */
    public SecuredContent content() {
        return content;
    }

    /** The WireMock server underneath. */
    public WireMockServer wireMock() {
        return wireMock;
    }

    /** Whether {@link #close()} has not been called yet. */
    public boolean isRunning() {
        return !closed.get() && wireMock.isRunning();
    }

    /** Stops the server and deletes its TLS key store and WireMock folder; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                wireMock.stop();
            } finally {
                wireMockFolder.close();
                if (certificate != null) {
                    certificate.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SecuredContentServerRuntime[" + content.baseUrl() + (isRunning() ? "" : ", closed") + "]";
    }
}
