package dev.securedcontent.jwt.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Signs content tokens exactly as Jamf Pro does: header {@code {"alg":"RS256"}}, payload
 * {@code {"sub":"AppManifest","iss":"JSS","exp":N}} (in that order, nothing else unless added
 * with {@link Builder#extraClaims(Map)}), RS256 with the configured RSA key.
 *
 * <p>Immutable and thread-safe; build once, reuse. {@code ContentTokenSigner.builder(key).build()}.
 *
 * <p>Why plain JCA and fixed JSON text instead of a JWT library: the token's format is fixed
 * bytes (Jamf Pro's header and claim order, no {@code typ}, no {@code iat}), so the header and
 * the payload prefix are constant strings computed once; the only variable parts are the
 * decimal {@code exp} and the RSASSA-PKCS1-v1_5 SHA-256 signature from {@link Signature}. A
 * library would add a runtime dependency, reorder or add claims, and cost time on every
 * signature; jjwt and nimbus are used in the tests to prove the output is a standard JWS.
 */
public final class ContentTokenSigner {

    /** Jamf Pro's default Token Expiry in seconds, for annotations (which need a constant). */
    public static final long DEFAULT_EXPIRY_SECONDS = 300;
    /** Jamf Pro's default Token Expiry. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(DEFAULT_EXPIRY_SECONDS);
    /** The shortest expiry Jamf Pro accepts. */
    public static final Duration MIN_JAMF_EXPIRY = Duration.ofMinutes(1);
    /** The longest expiry Jamf Pro accepts. */
    public static final Duration MAX_JAMF_EXPIRY = Duration.ofMinutes(120);

    private static final Set<String> FIXED_CLAIMS = Set.of("sub", "iss", "exp");

    private final PrivateKey privateKey;
    private final Duration expiry;
    private final long expirySeconds;
    private final Clock clock;
    /** {@code base64url(header) + "."}: constant for a signer. */
    private final String encodedHeaderAndDot;
    /** Everything after the exp number in the payload JSON, e.g. {@code }} or {@code ,"aud":"x"}}. */
    private final String payloadSuffix;

    private ContentTokenSigner(Builder builder) {
        this.privateKey = builder.privateKey;
        this.expiry = builder.expiry;
        this.expirySeconds = builder.expiry.getSeconds();
        this.clock = builder.clock;
        StringBuilder header = new StringBuilder("{\"alg\":\"RS256\"");
        if (builder.keyId != null) {
            header.append(",\"kid\":");
            Json.appendQuoted(header, builder.keyId);
        }
        header.append('}');
        this.encodedHeaderAndDot = Base64Url.encode(header.toString().getBytes(StandardCharsets.UTF_8)) + ".";
        StringBuilder suffix = new StringBuilder();
        for (Map.Entry<String, Object> claim : builder.extraClaims.entrySet()) {
            suffix.append(',');
            Json.appendQuoted(suffix, claim.getKey());
            suffix.append(':');
            Json.appendValue(suffix, claim.getValue());
        }
        this.payloadSuffix = suffix.append('}').toString();
    }

    /** Starts a builder for the given RSA private key (2048 bits or more). */
    public static Builder builder(PrivateKey privateKey) {
        return new Builder(privateKey);
    }

    /** A new token expiring {@code expiry} after the clock's now (whole seconds, rounded down). */
    public String sign() {
        long exp = Math.addExact(clock.instant().getEpochSecond(), expirySeconds);
        String payload = "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + exp + payloadSuffix;
        String signingInput = encodedHeaderAndDot + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8));
        byte[] signature;
        try {
            // A new Signature per call: it is not thread-safe, and the RSA private-key operation
            // (about 0.6 ms) dwarfs getInstance/initSign.
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            signature = rsa.sign();
        } catch (GeneralSecurityException e) {
            // The key was checked in the builder; this is a broken JCA provider, not a user error.
            throw new IllegalStateException("RS256 signing failed in the JCA provider ("
                    + e.getClass().getSimpleName() + "); check the java.security provider configuration", e);
        }
        return signingInput + "." + Base64Url.encode(signature);
    }

    /**
     * Returns {@code url} with its {@code token} query parameter set to a new token: added when
     * absent, replaced (every occurrence) when present; every other parameter, their order and
     * their encoding, and the fragment are kept byte for byte.
     *
     * <p>The new parameter takes the place of the first existing {@code token} parameter, or goes
     * last when there is none (as Jamf Pro appends it). A parameter counts as {@code token} when
     * its percent-decoded name equals {@code token} ignoring case, the same rule
     * {@link ContentTokenVerifier#verifyUrl(URI)} uses to refuse repeated tokens.
     *
     * @throws IllegalArgumentException when {@code url} is not an absolute hierarchical URL with a
     *     host (the message shows the URL with any token value redacted)
     */
    public URI signUrl(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("url is null; pass the download URL to sign, e.g. https://example.com/app.ipa");
        }
        if (url.isOpaque() || url.getScheme() == null || url.getRawAuthority() == null) {
            throw new IllegalArgumentException("cannot sign " + TokenParameter.redact(url.toString())
                    + ": not an absolute URL with a host; use a full download URL such as https://example.com/app.ipa");
        }
        String token = sign();
        String rawQuery = url.getRawQuery();
        String newQuery = TokenParameter.withToken(rawQuery, token);
        StringBuilder sb = new StringBuilder(url.toString().length() + token.length() + 8);
        sb.append(url.getScheme()).append("://").append(url.getRawAuthority());
        if (url.getRawPath() != null) {
            sb.append(url.getRawPath());
        }
        sb.append('?').append(newQuery);
        if (url.getRawFragment() != null) {
            sb.append('#').append(url.getRawFragment());
        }
        try {
            return new URI(sb.toString());
        } catch (URISyntaxException e) {
            // Only base64url characters were added to a URL that already parsed.
            throw new IllegalStateException("re-assembling " + TokenParameter.redact(url.toString())
                    + " with a token failed at index " + e.getIndex(), null);
        }
    }

    /** The configured expiry. */
    public Duration expiry() {
        return expiry;
    }

    /** Builder; every option has a default that matches Jamf Pro. */
    public static final class Builder {
        private final PrivateKey privateKey;
        private Duration expiry = DEFAULT_EXPIRY;
        private boolean allowOutsideJamfRange;
        private Clock clock = Clock.systemUTC();
        private String keyId;
        private final Map<String, Object> extraClaims = new LinkedHashMap<>();

        private Builder(PrivateKey privateKey) {
            this.privateKey = checkSigningKey(privateKey);
        }

        /** Token lifetime; default {@link #DEFAULT_EXPIRY}; must be 1-120 minutes unless {@link #allowExpiryOutsideJamfRange()}. */
        public Builder expiry(Duration expiry) {
            if (expiry == null) {
                throw new IllegalArgumentException("expiry is null; pass a Duration such as Duration.ofMinutes(5)");
            }
            this.expiry = expiry;
            return this;
        }

        /** Opt-in: allow any positive expiry (tests, non-Jamf servers). */
        public Builder allowExpiryOutsideJamfRange() {
            this.allowOutsideJamfRange = true;
            return this;
        }

        /** Clock for {@code exp}; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock is null; pass Clock.systemUTC() or a test clock");
            }
            this.clock = clock;
            return this;
        }

        /** Adds a {@code kid} header (default: none, as Jamf). */
        public Builder keyId(String kid) {
            if (kid == null || kid.isEmpty()) {
                throw new IllegalArgumentException("kid is " + (kid == null ? "null" : "empty")
                        + "; leave keyId unset for Jamf's form, or pass a non-empty key id");
            }
            Json.quote(kid); // refuses unpaired surrogates now rather than at sign()
            this.keyId = kid;
            return this;
        }

        /**
         * Adds claims after {@code exp} (default: none, as Jamf); may not replace sub, iss or exp.
         * Values may be String, Long, Integer, BigInteger, BigDecimal, Boolean, null, List or Map
         * (String keys). Later calls add to and may overwrite earlier extra claims.
         */
        public Builder extraClaims(Map<String, ?> claims) {
            if (claims == null) {
                throw new IllegalArgumentException("claims is null; pass a Map (or Map.of()) of extra claims");
            }
            for (Map.Entry<String, ?> claim : claims.entrySet()) {
                String name = claim.getKey();
                if (name == null) {
                    throw new IllegalArgumentException("extra claim with a null name; every claim needs a name");
                }
                if (FIXED_CLAIMS.contains(name)) {
                    throw new IllegalArgumentException("extra claim \"" + name + "\" would replace a fixed claim;"
                            + " sub, iss and exp are set by the signer (use expiry(Duration) for exp)");
                }
                Json.write(claim.getValue()); // type check now, with the builder's stack trace
                extraClaims.put(name, claim.getValue());
            }
            return this;
        }

        /**
         * Builds the signer.
         *
         * @throws IllegalArgumentException when the expiry is not positive whole seconds, or
         *     outside Jamf's 1-120 minutes without {@link #allowExpiryOutsideJamfRange()}
         */
        public ContentTokenSigner build() {
            if (expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("expiry " + expiry + " is not positive; tokens must expire in the future,"
                        + " e.g. Duration.ofMinutes(5)");
            }
            if (expiry.getNano() != 0) {
                throw new IllegalArgumentException("expiry " + expiry + " is not whole seconds; exp is a whole number"
                        + " of seconds, use e.g. Duration.ofSeconds(" + Math.max(1, expiry.getSeconds()) + ")");
            }
            if (!allowOutsideJamfRange
                    && (expiry.compareTo(MIN_JAMF_EXPIRY) < 0 || expiry.compareTo(MAX_JAMF_EXPIRY) > 0)) {
                throw new IllegalArgumentException("expiry " + expiry + " is outside Jamf Pro's Token Expiry range of 1-120"
                        + " minutes; use a value in that range, or call allowExpiryOutsideJamfRange() for a non-Jamf server");
            }
            return new ContentTokenSigner(this);
        }
    }

    /** Refuses what RS256 cannot use: null, non-RSA keys, RSA keys under {@link RsaKeys#MIN_RSA_BITS}. */
    static PrivateKey checkSigningKey(PrivateKey key) {
        if (key == null) {
            throw new IllegalArgumentException("private key is null; read one with RsaKeys.readPrivateKey(path)");
        }
        if (!(key instanceof RSAKey) || !"RSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("private key is " + key.getAlgorithm()
                    + ", not RSA; Jamf Pro content tokens are RS256 and need an RSA key of "
                    + RsaKeys.MIN_RSA_BITS + " bits or more (openssl genrsa -out key.pem 2048)");
        }
        int bits = ((RSAKey) key).getModulus().bitLength();
        if (bits < RsaKeys.MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA private key is " + bits + " bits; RS256 needs "
                    + RsaKeys.MIN_RSA_BITS + " or more: generate a new key (openssl genrsa -out key.pem 2048)"
                    + " and configure it in Jamf Pro");
        }
        return key;
    }
}
