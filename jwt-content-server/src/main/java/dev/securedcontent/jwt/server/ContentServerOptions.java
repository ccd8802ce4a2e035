package dev.securedcontent.jwt.server;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
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
 * What a content server starts with: the one options type taken by {@link ContentServer#start(ContentServerOptions)}
 * and by the JUnit extension in jwt-test-fixtures. Every option has the default stated here.
 *
 * <p>Immutable and thread-safe: each option method returns a new copy with that one option
 * changed, so one instance can start any number of identical servers (one per test, say).
 *
 * <pre>{@code
 * ContentServerOptions options = ContentServerOptions.defaults().contentDirectory(dir).https(true);
 * }</pre>
 */
public final class ContentServerOptions {

    /** Default classpath folder served when no content directory is given. */
    public static final String DEFAULT_CONTENT_CLASSPATH_ROOT = "secured-content";
    private static final Set<Integer> KEY_SIZES = Set.of(2048, 3072, 4096);

    // Not final only so copy() can fill them in: no instance changes after a method has returned it.
    private Path contentDirectory;
    private String contentClasspathRoot = DEFAULT_CONTENT_CLASSPATH_ROOT;
    private boolean https;
    private Duration tokenExpiry = ContentTokenSigner.DEFAULT_EXPIRY;
    private Duration clockSkew = ContentTokenVerifier.DEFAULT_CLOCK_SKEW;
    private int keySize = RsaKeys.DEFAULT_RSA_BITS;
    private KeyPair keyPair;
    private Path privateKeyFile;
    private List<PublicKey> extraAcceptedKeys = List.of();
    private List<Path> extraPublicKeyFiles = List.of();
    private boolean exposeRejectionReason = true;
    private boolean tokenCheck = true;
    private Instant startInstant;
    private List<Consumer<WireMockConfiguration>> wireMockCustomizers = List.of();

    private ContentServerOptions() {}

    /** Every option at its default: files from the classpath folder {@value #DEFAULT_CONTENT_CLASSPATH_ROOT}, plain HTTP, a generated key. */
    public static ContentServerOptions defaults() {
        return new ContentServerOptions();
    }

    /** A copy to change one option on; the lists are immutable, so sharing them is safe. */
    private ContentServerOptions copy() {
        ContentServerOptions copy = new ContentServerOptions();
        copy.contentDirectory = contentDirectory;
        copy.contentClasspathRoot = contentClasspathRoot;
        copy.https = https;
        copy.tokenExpiry = tokenExpiry;
        copy.clockSkew = clockSkew;
        copy.keySize = keySize;
        copy.keyPair = keyPair;
        copy.privateKeyFile = privateKeyFile;
        copy.extraAcceptedKeys = extraAcceptedKeys;
        copy.extraPublicKeyFiles = extraPublicKeyFiles;
        copy.exposeRejectionReason = exposeRejectionReason;
        copy.tokenCheck = tokenCheck;
        copy.startInstant = startInstant;
        copy.wireMockCustomizers = wireMockCustomizers;
        return copy;
    }

    private static <T> List<T> plus(List<T> list, T element) {
        List<T> longer = new ArrayList<>(list);
        longer.add(element);
        return List.copyOf(longer);
    }

    /** Serves the files under {@code directory} (default: the classpath folder {@value #DEFAULT_CONTENT_CLASSPATH_ROOT}). */
    public ContentServerOptions contentDirectory(Path directory) {
        ContentServerOptions copy = copy();
        copy.contentDirectory = Objects.requireNonNull(directory, "contentDirectory");
        return copy;
    }

    /**
     * Serves the resources under this classpath folder (default {@value #DEFAULT_CONTENT_CLASSPATH_ROOT};
     * a folder that does not exist serves nothing: every path is 404). Ignored when a
     * {@link #contentDirectory(Path)} is set.
     */
    public ContentServerOptions contentClasspathRoot(String root) {
        Objects.requireNonNull(root, "contentClasspathRoot");
        String trimmed = root.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty() || trimmed.contains("..")) {
            throw new IllegalArgumentException("contentClasspathRoot \"" + root
                    + "\": name a folder on the classpath, e.g. \"secured-content\" (not empty, no \"..\")");
        }
        ContentServerOptions copy = copy();
        copy.contentClasspathRoot = trimmed;
        return copy;
    }

    /** HTTPS with a self-signed certificate for {@code localhost} and {@code 127.0.0.1} (default: plain HTTP). */
    public ContentServerOptions https(boolean https) {
        ContentServerOptions copy = copy();
        copy.https = https;
        return copy;
    }

    /**
     * Lifetime of the tokens the server hands out (default {@link ContentTokenSigner#DEFAULT_EXPIRY},
     * Jamf Pro's 5 minutes). Any positive duration is allowed here, also outside Jamf's 1-120 minutes.
     */
    public ContentServerOptions tokenExpiry(Duration expiry) {
        Objects.requireNonNull(expiry, "tokenExpiry");
        if (expiry.isNegative() || expiry.isZero() || expiry.getNano() != 0) {
            throw new IllegalArgumentException("tokenExpiry " + expiry
                    + ": must be a positive whole number of seconds, e.g. Duration.ofMinutes(5)");
        }
        ContentServerOptions copy = copy();
        copy.tokenExpiry = expiry;
        return copy;
    }

    /** The verifier's clock-skew allowance for {@code exp} (default {@link ContentTokenVerifier#DEFAULT_CLOCK_SKEW}); 0 to 5 minutes. */
    public ContentServerOptions clockSkew(Duration skew) {
        Objects.requireNonNull(skew, "clockSkew");
        if (skew.isNegative() || skew.compareTo(ContentTokenVerifier.MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clockSkew " + skew + ": must be between PT0S and "
                    + ContentTokenVerifier.MAX_CLOCK_SKEW);
        }
        ContentServerOptions copy = copy();
        copy.clockSkew = skew;
        return copy;
    }

    /** Size of the RSA key pair generated for the server (default {@link RsaKeys#DEFAULT_RSA_BITS}): 2048, 3072 or 4096. */
    public ContentServerOptions keySize(int bits) {
        if (!KEY_SIZES.contains(bits)) {
            throw new IllegalArgumentException("keySize " + bits + ": must be 2048, 3072 or 4096");
        }
        ContentServerOptions copy = copy();
        copy.keySize = bits;
        return copy;
    }

    /** Signs and verifies with this RSA key pair instead of a generated one (default: generated). */
    public ContentServerOptions keyPair(KeyPair keyPair) {
        ContentServerOptions copy = copy();
        copy.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        copy.privateKeyFile = null;
        return copy;
    }

    /**
     * Signs and verifies with the RSA private key in this PEM file, as a configured Jamf Pro
     * instance would (default: a generated key). Read when the server starts.
     */
    public ContentServerOptions privateKeyFile(Path pemFile) {
        ContentServerOptions copy = copy();
        copy.privateKeyFile = Objects.requireNonNull(pemFile, "privateKeyFile");
        copy.keyPair = null;
        return copy;
    }

    /** Also accepts tokens signed by the private half of {@code key} (key rotation; default: none). */
    public ContentServerOptions acceptAlso(PublicKey key) {
        ContentServerOptions copy = copy();
        copy.extraAcceptedKeys = plus(extraAcceptedKeys, Objects.requireNonNull(key, "key"));
        return copy;
    }

    /** Also accepts every public key in this file (PEM, certificate, JWK or JWKS; default: none). */
    public ContentServerOptions acceptAlso(Path publicKeyFile) {
        ContentServerOptions copy = copy();
        copy.extraPublicKeyFiles = plus(extraPublicKeyFiles, Objects.requireNonNull(publicKeyFile, "publicKeyFile"));
        return copy;
    }

    /**
     * Whether a refused request carries the reason in the {@value dev.securedcontent.jwt.core.RejectionReason#HEADER}
     * response header and body (default {@code true}). The server's request log always records it.
     */
    public ContentServerOptions exposeRejectionReason(boolean expose) {
        ContentServerOptions copy = copy();
        copy.exposeRejectionReason = expose;
        return copy;
    }

    /**
     * Whether requests must carry a valid token (default {@code true}). {@code false} gives the
     * unprotected server Jamf Pro warns about: content is served to anyone.
     */
    public ContentServerOptions tokenCheck(boolean check) {
        ContentServerOptions copy = copy();
        copy.tokenCheck = check;
        return copy;
    }

    /** Where the server's {@link ContentClock} starts (default: the current time, whole seconds). */
    public ContentServerOptions clockStart(Instant start) {
        ContentServerOptions copy = copy();
        copy.startInstant = Objects.requireNonNull(start, "clockStart");
        return copy;
    }

    /**
     * Adjusts WireMock's configuration after the server's own settings (default: nothing), e.g.
     * to add WireMock extensions. Changing ports, HTTPS or the bind address is not supported.
     */
    public ContentServerOptions configureWireMock(Consumer<WireMockConfiguration> customizer) {
        ContentServerOptions copy = copy();
        copy.wireMockCustomizers = plus(wireMockCustomizers, Objects.requireNonNull(customizer, "customizer"));
        return copy;
    }

    // Read by ContentServer and ContentFiles when a server starts.

    Path contentDirectory() {
        return contentDirectory;
    }

    String contentClasspathRoot() {
        return contentClasspathRoot;
    }

    boolean https() {
        return https;
    }

    Duration tokenExpiry() {
        return tokenExpiry;
    }

    Duration clockSkew() {
        return clockSkew;
    }

    int keySize() {
        return keySize;
    }

    KeyPair keyPair() {
        return keyPair;
    }

    Path privateKeyFile() {
        return privateKeyFile;
    }

    List<PublicKey> extraAcceptedKeys() {
        return extraAcceptedKeys;
    }

    List<Path> extraPublicKeyFiles() {
        return extraPublicKeyFiles;
    }

    boolean exposeRejectionReason() {
        return exposeRejectionReason;
    }

    boolean tokenCheck() {
        return tokenCheck;
    }

    Instant startInstant() {
        return startInstant;
    }

    List<Consumer<WireMockConfiguration>> wireMockCustomizers() {
        return wireMockCustomizers;
    }

    @Override
    public String toString() {
        return "ContentServerOptions[" + (contentDirectory != null
                ? "directory " + contentDirectory
                : "classpath folder " + contentClasspathRoot)
                + (https ? ", https" : "") + (tokenCheck ? "" : ", token check OFF") + "]";
    }
}
