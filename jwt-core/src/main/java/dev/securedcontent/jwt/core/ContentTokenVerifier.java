package dev.securedcontent.jwt.core;

import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * Verifies Jamf Pro content tokens strictly: RS256 only, signature by one of the accepted keys,
 * {@code exp} required, {@code iss} = {@code JSS}, {@code sub} = {@code AppManifest}, {@code nbf}
 * honoured, bounded length and lifetime, strict base64url and JSON (duplicate keys refused), keys
 * inside the token ignored, unknown {@code crit} refused.
 *
 * <p>Immutable and thread-safe; build once, reuse.
 */
public final class ContentTokenVerifier {

    /** Default clock-skew allowance. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** Default maximum lifetime: Jamf's 120 minutes (the skew is added on top). */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(120);
    /** Default maximum token length in characters; a Jamf token with a 4096-bit key is about 800. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 4096;

    private ContentTokenVerifier() {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /** Starts a builder accepting the given RSA public key (2048 bits or more). */
    public static Builder builder(PublicKey acceptedKey) {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /** Starts a builder accepting every given RSA public key (key rotation). */
    public static Builder builder(Collection<? extends PublicKey> acceptedKeys) {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /** Verifies a compact token. {@code null} or empty is {@link RejectionReason#MISSING}. */
    public VerifiedContentToken verify(String token) throws TokenRejectedException {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /**
     * Verifies the {@code token} query parameter of a download URL: absent or empty is
     * {@link RejectionReason#MISSING}, repeated is {@link RejectionReason#AMBIGUOUS}.
     */
    public VerifiedContentToken verifyUrl(URI url) throws TokenRejectedException {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /** Builder. */
    public static final class Builder {
        private Builder() {}

        /** Also accept this key (rotation). */
        public Builder acceptKey(PublicKey key) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /** Clock-skew allowance for exp/nbf; default {@link #DEFAULT_CLOCK_SKEW}; 0-5 minutes. */
        public Builder clockSkew(Duration skew) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /** Largest accepted {@code exp - now}; default {@link #DEFAULT_MAX_LIFETIME} (plus skew). */
        public Builder maxLifetime(Duration maxLifetime) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /** Largest accepted token length in characters; default {@link #DEFAULT_MAX_TOKEN_LENGTH}. */
        public Builder maxTokenLength(int chars) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /** Clock; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /**
         * Remember verified tokens (bounded) so repeated Range requests with one token skip the
         * RSA operation; a cached token is still refused after its {@code exp}. Default: off.
         */
        public Builder cacheVerifiedTokens(int maxEntries) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        public ContentTokenVerifier build() {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }
    }
}
