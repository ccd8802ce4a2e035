package dev.securedcontent.jwt.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.PemKeys;
import dev.securedcontent.jwt.server.ContentClock;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A running secured-content test server as a test sees it: where it is, tokens good and bad, its
 * keys, the requests it received with their verdicts, and its clock. Injected into test and
 * lifecycle methods by {@link SecuredContentServerExtension}; the handle itself never changes.
 */
public final class SecuredContent {

    private final ContentServer server;
    private final WrongTokens wrongTokens;

    private SecuredContent(ContentServer server, WrongTokens wrongTokens) {
        this.server = server;
        this.wrongTokens = wrongTokens;
    }

    /** The handle of a running server; the wrong tokens' other key is generated on first use. */
    static SecuredContent of(ContentServer server) {
        WrongTokens wrongTokens = new WrongTokens(server.privateKey(),
                otherKeyPair(server.publicKey().getModulus().bitLength()), server.clock(), server.tokenExpiry(),
                server.clockSkew());
        return new SecuredContent(server, wrongTokens);
    }

    /** The key of {@link #otherKeyToken()}, generated on first use: most tests never need it. */
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

    /** The server's root, e.g. {@code http://127.0.0.1:54321/} (always loopback, always a random port). */
    public URI baseUrl() {
        return server.baseUrl();
    }

    /** The port the server listens on. */
    public int port() {
        return baseUrl().getPort();
    }

    /** Whether the server speaks HTTPS. */
    public boolean isHttps() {
        return "https".equals(baseUrl().getScheme());
    }

    /** The URL of {@code path} (e.g. {@code "/apps/app.ipa"}, may carry a query) without a token. */
    public URI unsignedUrl(String path) {
        return server.unsignedUrl(path);
    }

    /** The URL of {@code path} with a fresh valid {@code token} parameter, as Jamf Pro would send it. */
    public URI signedUrl(String path) {
        return server.signedUrl(path);
    }

    /** A fresh token the server accepts: Jamf's format, signed with the server's key at the server's clock. */
    public String validToken() {
        return server.signer().sign();
    }

    /** A token that expired a minute beyond the clock-skew allowance (server answers 403 {@code EXPIRED}). */
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

    /** {@code url} with its {@code token} parameter set to {@code token} (added, or every occurrence replaced). */
    public URI withToken(URI url, String token) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        return TokenParameter.withToken(url, token);
    }

    /** The signer the server's valid tokens come from (same key, expiry and clock). */
    public ContentTokenSigner signer() {
        return server.signer();
    }

    /** The server's signing key, for tests that sign tokens themselves. */
    public RSAPrivateCrtKey privateKey() {
        return server.privateKey();
    }

    /** The server's own public key (the first accepted key). */
    public RSAPublicKey publicKey() {
        return server.publicKey();
    }

    /** Every public key the server accepts: its own first, then the extra ones (rotation). */
    public List<RSAPublicKey> acceptedKeys() {
        return server.acceptedKeys();
    }

    /** The server's public key as SPKI PEM ({@code BEGIN PUBLIC KEY}). */
    public String publicKeyPem() {
        return PemKeys.toPem(server.publicKey());
    }

    /** Every accepted public key as a JWKS document. */
    public String jwks() {
        return PemKeys.toJwks(server.acceptedKeys());
    }

    /** The clock the server verifies and signs with; move it to expire tokens without sleeping. */
    public ContentClock clock() {
        return server.clock();
    }

    /** Lifetime of the server's valid tokens. */
    public Duration tokenExpiry() {
        return server.tokenExpiry();
    }

    /** The verifier's clock-skew allowance. */
    public Duration clockSkew() {
        return server.clockSkew();
    }

    /** Whether the server checks tokens ({@code false}: the unprotected server Jamf Pro warns about). */
    public boolean tokenCheck() {
        return server.tokenCheck();
    }

    /** Every request received so far, oldest first, with its verdict (a snapshot). */
    public List<ReceivedRequest> requests() {
        return server.requests();
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
        return server.wireMock();
    }

    /**
     * Adds a WireMock stub; it wins over the served files, and its requests are token-checked like
     * every other request.
     */
    public StubMapping stubFor(MappingBuilder mapping) {
        return server.wireMock().stubFor(mapping);
    }

    /**
     * An {@link SSLContext} that trusts exactly this server's self-signed certificate (hostname
     * checks stay on); the JVM default when the server speaks plain HTTP.
     */
    public SSLContext sslContext() {
        return server.sslContext();
    }

    /** A new {@link HttpClient} that trusts this server (see {@link #sslContext()}) and does not follow redirects. */
    public HttpClient newHttpClient() {
        return HttpClient.newBuilder().sslContext(sslContext()).build();
    }

    @Override
    public String toString() {
        return "SecuredContent[" + baseUrl() + (tokenCheck() ? "" : ", token check OFF") + "]";
    }
}
