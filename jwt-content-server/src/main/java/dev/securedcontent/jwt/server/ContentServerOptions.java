package dev.securedcontent.jwt.server;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.PemKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options of a content server, shared by {@link ContentServer#builder()} and the builders of
 * the tools that start one (the JUnit extension in jwt-test-fixtures). Every option has the
 * default stated here.
 *
 * @param <B> the concrete builder, so calls chain
 */
public abstract class ContentServerOptions<B extends ContentServerOptions<B>> {

    /** Default classpath folder served when no content directory is given. */
    public static final String DEFAULT_CONTENT_CLASSPATH_ROOT = "secured-content";
    private static final Set<Integer> KEY_SIZES = Set.of(2048, 3072, 4096);

    private Path contentDirectory;
    private String contentClasspathRoot = DEFAULT_CONTENT_CLASSPATH_ROOT;
    private boolean https;
    private Duration tokenExpiry = ContentTokenSigner.DEFAULT_EXPIRY;
    private Duration clockSkew = ContentTokenVerifier.DEFAULT_CLOCK_SKEW;
    private int keySize = PemKeys.DEFAULT_RSA_BITS;
    private KeyPair keyPair;
    private Path privateKeyFile;
    private final List<PublicKey> extraAcceptedKeys = new ArrayList<>();
    private final List<Path> extraPublicKeyFiles = new ArrayList<>();
    private boolean exposeRejectionReason = true;
    private boolean tokenCheck = true;
    private Instant startInstant;
    private final List<Consumer<WireMockConfiguration>> wireMockCustomizers = new ArrayList<>();

    /** For the concrete builders. */
    protected ContentServerOptions() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Serves the files under {@code directory} (default: the classpath folder {@value #DEFAULT_CONTENT_CLASSPATH_ROOT}). */
    public B contentDirectory(Path directory) {
        this.contentDirectory = Objects.requireNonNull(directory, "contentDirectory");
        return self();
    }

    /**
     * Serves the resources under this classpath folder (default {@value #DEFAULT_CONTENT_CLASSPATH_ROOT};
     * a folder that does not exist serves nothing: every path is 404). Ignored when a
     * {@link #contentDirectory(Path)} is set.
     */
    public B contentClasspathRoot(String root) {
        Objects.requireNonNull(root, "contentClasspathRoot");
        String trimmed = root.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty() || trimmed.contains("..")) {
            throw new IllegalArgumentException("contentClasspathRoot \"" + root
                    + "\": name a folder on the classpath, e.g. \"secured-content\" (not empty, no \"..\")");
        }
        this.contentClasspathRoot = trimmed;
        return self();
    }

    /** HTTPS with a self-signed certificate for {@code localhost} and {@code 127.0.0.1} (default: plain HTTP). */
    public B https(boolean https) {
        this.https = https;
        return self();
    }

    /**
     * Lifetime of the tokens the server hands out (default {@link ContentTokenSigner#DEFAULT_EXPIRY},
     * Jamf Pro's 5 minutes). Any positive duration is allowed here, also outside Jamf's 1-120 minutes.
     */
    public B tokenExpiry(Duration expiry) {
        Objects.requireNonNull(expiry, "tokenExpiry");
        if (expiry.isNegative() || expiry.isZero() || expiry.getNano() != 0) {
            throw new IllegalArgumentException("tokenExpiry " + expiry
                    + ": must be a positive whole number of seconds, e.g. Duration.ofMinutes(5)");
        }
        this.tokenExpiry = expiry;
        return self();
    }

    /** The verifier's clock-skew allowance for {@code exp} (default {@link ContentTokenVerifier#DEFAULT_CLOCK_SKEW}); 0 to 5 minutes. */
    public B clockSkew(Duration skew) {
        Objects.requireNonNull(skew, "clockSkew");
        if (skew.isNegative() || skew.compareTo(ContentTokenVerifier.MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clockSkew " + skew + ": must be between PT0S and "
                    + ContentTokenVerifier.MAX_CLOCK_SKEW);
        }
        this.clockSkew = skew;
        return self();
    }

    /** Size of the RSA key pair generated for the server (default {@link PemKeys#DEFAULT_RSA_BITS}): 2048, 3072 or 4096. */
    public B keySize(int bits) {
        if (!KEY_SIZES.contains(bits)) {
            throw new IllegalArgumentException("keySize " + bits + ": must be 2048, 3072 or 4096");
        }
        this.keySize = bits;
        return self();
    }

    /** Signs and verifies with this RSA key pair instead of a generated one (default: generated). */
    public B keyPair(KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.privateKeyFile = null;
        return self();
    }

    /**
     * Signs and verifies with the RSA private key in this PEM file, as a configured Jamf Pro
     * instance would (default: a generated key). Read when the server starts.
     */
    public B privateKeyFile(Path pemFile) {
        this.privateKeyFile = Objects.requireNonNull(pemFile, "privateKeyFile");
        this.keyPair = null;
        return self();
    }

    /** Also accepts tokens signed by the private half of {@code key} (key rotation; default: none). */
    public B acceptAlso(PublicKey key) {
        extraAcceptedKeys.add(Objects.requireNonNull(key, "key"));
        return self();
    }

    /** Also accepts every public key in this file (PEM, certificate, JWK or JWKS; default: none). */
    public B acceptAlso(Path publicKeyFile) {
        extraPublicKeyFiles.add(Objects.requireNonNull(publicKeyFile, "publicKeyFile"));
        return self();
    }

    /**
     * Whether a refused request carries the reason in the {@value dev.securedcontent.jwt.core.RejectionReason#HEADER}
     * response header and body (default {@code true}). The server's request log always records it.
     */
    public B exposeRejectionReason(boolean expose) {
        this.exposeRejectionReason = expose;
        return self();
    }

    /**
     * Whether requests must carry a valid token (default {@code true}). {@code false} gives the
     * unprotected server Jamf Pro warns about: content is served to anyone.
     */
    public B tokenCheck(boolean check) {
        this.tokenCheck = check;
        return self();
    }

    /** Where the server's {@link ContentClock} starts (default: the current time, whole seconds). */
    public B clockStart(Instant start) {
        this.startInstant = Objects.requireNonNull(start, "clockStart");
        return self();
    }

    /**
     * Adjusts WireMock's configuration after this builder's own settings (default: nothing), e.g.
     * to add WireMock extensions. Changing ports, HTTPS or the bind address is not supported.
     */
    public B configureWireMock(Consumer<WireMockConfiguration> customizer) {
        wireMockCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
        return self();
    }

    /** The options as they are now, frozen: later calls on this builder do not change them. */
    public final ContentServerSettings settings() {
        return new ContentServerSettings(new ServerSettings(contentDirectory, contentClasspathRoot, https, tokenExpiry, clockSkew, keySize,
                keyPair, privateKeyFile, extraAcceptedKeys, extraPublicKeyFiles, exposeRejectionReason, tokenCheck,
                startInstant, wireMockCustomizers));
    }
}
