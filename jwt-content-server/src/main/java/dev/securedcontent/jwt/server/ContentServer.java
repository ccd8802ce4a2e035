package dev.securedcontent.jwt.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.TokenParameter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A running content server: WireMock on loopback that serves files only to requests with a valid
 * content token, the way a web server secured for Jamf Pro does, and hands out tokens good and bad
 * for testing it. The JUnit extension in jwt-test-fixtures injects it into tests. Thread-safe;
 * close it when done.
 *
 * <pre>{@code
 * try (ContentServer server = ContentServer.start(ContentServerOptions.defaults().contentDirectory(dir))) {
 *     URI url = server.signedUrl("/app.ipa");
 * }
 * }</pre>
 */
public final class ContentServer implements AutoCloseable {
    /** Verified tokens remembered by the server's verifier. */
    static final int VERIFIED_TOKEN_CACHE_ENTRIES = 10_000;

    /** Below every user stub (WireMock's default priority is 5, and 1 is the highest). */
    private static final int CONTENT_STUB_PRIORITY = 1_000_000;

    private final WireMockServer wireMock;
    private final WireMockFolder wireMockFolder;
    private final SelfSignedCertificate certificate;
    private final URI baseUrl;
    private final ContentTokenSigner signer;
    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final List<RSAPublicKey> acceptedKeys;
    private final ContentClock clock;
    private final ContentServerOptions options;
    private final RequestLog requestLog;
    private final WrongTokens wrongTokens;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ContentServer(WireMockServer wireMock, WireMockFolder wireMockFolder, SelfSignedCertificate certificate,
            URI baseUrl, ContentTokenSigner signer, KeyPair keys, List<RSAPublicKey> acceptedKeys, ContentClock clock,
            ContentServerOptions options, RequestLog requestLog) {
        this.wireMock = wireMock;
        this.wireMockFolder = wireMockFolder;
        this.certificate = certificate;
        this.baseUrl = baseUrl;
        this.signer = signer;
        this.privateKey = (RSAPrivateCrtKey) keys.getPrivate();
        this.publicKey = (RSAPublicKey) keys.getPublic();
        this.acceptedKeys = List.copyOf(acceptedKeys);
        this.clock = clock;
        this.options = options;
        this.requestLog = requestLog;
        this.wrongTokens = new WrongTokens(privateKey, otherKeyPair(publicKey.getModulus().bitLength()), clock,
                options.tokenExpiry(), options.clockSkew());
    }

    /** The key of {@link #otherKeyToken()}, generated on first use: most tests never need it. */
    private static Supplier<KeyPair> otherKeyPair(int bits) {
        return new Supplier<>() {
            private KeyPair keyPair;

            @Override
            public synchronized KeyPair get() {
                if (keyPair == null) {
                    keyPair = RsaKeys.generate(bits);
                }
                return keyPair;
            }
        };
    }

    /**
     * Starts a server with these options on a random loopback port; close it (try-with-resources)
     * when done.
     *
     * @throws IllegalArgumentException when a key or the content directory cannot be used, naming it
     */
    public static ContentServer start(ContentServerOptions options) {
        Objects.requireNonNull(options, "options");
        KeyPair keys = keyPair(options);
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) keys.getPrivate();
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        List<RSAPublicKey> accepted = new ArrayList<>();
        accepted.add(publicKey);
        for (PublicKey extra : options.extraAcceptedKeys()) {
            if (!(extra instanceof RSAPublicKey rsa)) {
                throw new IllegalArgumentException("acceptAlso: " + extra.getAlgorithm()
                        + " key given; content tokens are RS256, pass an RSA public key");
            }
            accepted.add(rsa);
        }
        for (Path file : options.extraPublicKeyFiles()) {
            accepted.addAll(RsaKeys.readPublicKeys(file));
        }

        Instant start = options.startInstant() != null
                ? options.startInstant()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ContentClock clock = new ContentClock(start);
        ContentTokenSigner signer = signer(privateKey, options.tokenExpiry(), clock);
        ContentTokenVerifier verifier = options.tokenCheck()
                ? ContentTokenVerifier.builder(accepted)
                        .clock(clock)
                        .clockSkew(options.clockSkew())
                        .maxLifetime(max(ContentTokenVerifier.DEFAULT_MAX_LIFETIME, options.tokenExpiry()))
                        // Like a device, a client sends many Range/HEAD requests with one token; a hit
                        // still re-checks exp/nbf against the (movable) clock, so moving time still refuses.
                        .cacheVerifiedTokens(VERIFIED_TOKEN_CACHE_ENTRIES)
                        .build()
                : null;
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader()
                : ContentServer.class.getClassLoader();
        ContentFiles files = ContentFiles.of(options, loader);
        RequestLog requestLog = new RequestLog();

        SelfSignedCertificate certificate = options.https() ? SelfSignedCertificate.create() : null;
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
                            new ContentResponder(files, options.exposeRejectionReason()), requestLog)
                    // Explicit Content-Length on every answer, and no gzip: Range and HEAD must see real lengths.
                    .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
                    .gzipDisabled(true)
                    // The journal would otherwise copy every response body, a whole file per request, into memory.
                    .maxLoggedResponseSize(0)
                    // WireMock would build an INFO line per request (the whole response definition, body
                    // base64-encoded) only for the notifier to drop it: 25% of a served request's time.
                    // Our RequestLog records every request with its verdict instead.
                    .stubRequestLoggingDisabled(true)
                    // No HTTP/2 upgrade on plain http (h2c), as web servers in front of content do not
                    // offer it either: the JDK client's upgrade raced with cut-short Range bodies on
                    // JDK 25 ("Frame type(64) ... exceeds MAX_FRAME_SIZE"). HTTPS keeps HTTP/2.
                    .http2PlainDisabled(true);
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
            options.wireMockCustomizers().forEach(customizer -> customizer.accept(configuration));

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
        return new ContentServer(wireMock, wireMockFolder, certificate, baseUrl, signer, keys, accepted, clock,
                options, requestLog);
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

    private static KeyPair keyPair(ContentServerOptions options) {
        if (options.keyPair() != null) {
            if (!(options.keyPair().getPrivate() instanceof RSAPrivateCrtKey)
                    || !(options.keyPair().getPublic() instanceof RSAPublicKey)) {
                throw new IllegalArgumentException("keyPair: " + options.keyPair().getPrivate().getAlgorithm()
                        + " key pair given; content tokens are RS256, pass an RSA key pair");
            }
            return options.keyPair();
        }
        if (options.privateKeyFile() != null) {
            RSAPrivateCrtKey privateKey = RsaKeys.readPrivateKey(options.privateKeyFile());
            return new KeyPair(RsaKeys.publicKeyOf(privateKey), privateKey);
        }
        return RsaKeys.generate(options.keySize());
    }

    /** The server's root, e.g. {@code http://127.0.0.1:54321/} (always loopback). */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The port the server listens on. */
    public int port() {
        return baseUrl.getPort();
    }

    /** Whether the server speaks HTTPS. */
    public boolean isHttps() {
        return "https".equals(baseUrl.getScheme());
    }

    /** The URL of {@code path} (e.g. {@code "/apps/app.ipa"}, may carry a query) without a token. */
    public URI unsignedUrl(String path) {
        Objects.requireNonNull(path, "path");
        if (path.contains("://") || path.startsWith("//")) {
            throw new IllegalArgumentException("path \"" + path + "\": give a path on this server, e.g. \"/app.ipa\", not a URL");
        }
        return baseUrl.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /** The URL of {@code path} with a fresh valid {@code token} parameter, as Jamf Pro would send it. */
    public URI signedUrl(String path) {
        return signer.signUrl(unsignedUrl(path));
    }

    /** {@code url} with its {@code token} parameter set to {@code token} (added, or every occurrence replaced). */
    public URI withToken(URI url, String token) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        return TokenParameter.withToken(url, token);
    }

    /** A fresh token the server accepts: Jamf's format, signed with the server's key at the server's clock. */
    public String validToken() {
        return signer.sign();
    }

    // The wrong tokens are built with plain JCA, not with the signer under test.

    /** A token that expired a minute beyond the clock-skew allowance (answered 403 {@code EXPIRED}). */
    public String expiredToken() {
        return wrongTokens.expired();
    }

    /** A token with {@code iss} {@code jss} instead of {@code JSS} (403 {@code WRONG_ISSUER}). */
    public String wrongIssuerToken() {
        return wrongTokens.wrongIssuer();
    }

    /** A token with {@code sub} {@code appmanifest} instead of {@code AppManifest} (403 {@code WRONG_SUBJECT}). */
    public String wrongSubjectToken() {
        return wrongTokens.wrongSubject();
    }

    /** A well-formed token signed by a key the server does not accept (403 {@code BAD_SIGNATURE}). */
    public String otherKeyToken() {
        return wrongTokens.otherKey();
    }

    /** A token with {@code {"alg":"none"}} and no signature (403). */
    public String algNoneToken() {
        return wrongTokens.algNone();
    }

    /** A validly signed token whose payload was changed afterwards (403 {@code BAD_SIGNATURE}). */
    public String tamperedToken() {
        return wrongTokens.tampered();
    }

    /** The signer of the server's valid tokens (its key, token expiry and clock). */
    public ContentTokenSigner signer() {
        return signer;
    }

    /** The server's signing key. */
    public RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    /** The server's own public key (the first accepted key). */
    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** Every public key the server accepts: its own first, then the extra ones (rotation). */
    public List<RSAPublicKey> acceptedKeys() {
        return acceptedKeys;
    }

    /** The server's public key as SPKI PEM ({@code BEGIN PUBLIC KEY}). */
    public String publicKeyPem() {
        return RsaKeys.toPem(publicKey);
    }

    /** Every accepted public key as a JWKS document. */
    public String jwks() {
        return RsaKeys.toJwks(acceptedKeys);
    }

    /** The clock the server verifies and signs with; move it to expire tokens without sleeping. */
    public ContentClock clock() {
        return clock;
    }

    /** Lifetime of the server's valid tokens. */
    public Duration tokenExpiry() {
        return options.tokenExpiry();
    }

    /** The verifier's clock-skew allowance. */
    public Duration clockSkew() {
        return options.clockSkew();
    }

    /** Whether the server checks tokens ({@code false}: the unprotected server Jamf Pro warns about). */
    public boolean tokenCheck() {
        return options.tokenCheck();
    }

    /** Every request received so far, oldest first, with its verdict (a snapshot). */
    public List<ReceivedRequest> requests() {
        return requestLog.snapshot();
    }

    /** The most recent request, if any. */
    public Optional<ReceivedRequest> lastRequest() {
        List<ReceivedRequest> all = requests();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The WireMock server underneath, for stubs and verification through its Java API (its HTTP
     * admin API is closed); its journal holds only redacted tokens.
     */
    public WireMockServer wireMock() {
        return wireMock;
    }

    /**
     * Adds a WireMock stub; it wins over the served files, and its requests are token-checked like
     * every other request.
     */
    public StubMapping stubFor(MappingBuilder mapping) {
        return wireMock.stubFor(mapping);
    }

    /**
     * An {@link SSLContext} that trusts exactly this server's self-signed certificate (hostname
     * checks stay on); the JVM default when the server speaks plain HTTP.
     */
    public SSLContext sslContext() {
        if (certificate != null) {
            return certificate.clientContext();
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default SSLContext: " + e.getMessage(), e);
        }
    }

    /** A new {@link HttpClient} that trusts this server (see {@link #sslContext()}) and does not follow redirects. */
    public HttpClient newHttpClient() {
        return HttpClient.newBuilder().sslContext(sslContext()).build();
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
        return "ContentServer[" + baseUrl + (tokenCheck() ? "" : ", token check OFF") + (isRunning() ? "" : ", closed")
                + "]";
    }
}
