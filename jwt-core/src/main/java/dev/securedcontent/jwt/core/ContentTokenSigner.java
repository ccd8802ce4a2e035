package dev.securedcontent.jwt.core;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Signs content tokens exactly as Jamf Pro does: header {@code {"alg":"RS256"}}, payload
 * {@code {"sub":"AppManifest","iss":"JSS","exp":N}} (in that order, nothing else unless added
 * with {@link Builder#extraClaims(Map)}), RS256 with the configured RSA key.
 *
 * <p>Immutable and thread-safe; build once, reuse. {@code ContentTokenSigner.builder(key).build()}.
 */
public final class ContentTokenSigner {

    /** Jamf Pro's default Token Expiry. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(5);
    /** The shortest expiry Jamf Pro accepts. */
    public static final Duration MIN_JAMF_EXPIRY = Duration.ofMinutes(1);
    /** The longest expiry Jamf Pro accepts. */
    public static final Duration MAX_JAMF_EXPIRY = Duration.ofMinutes(120);

    private ContentTokenSigner() {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /** Starts a builder for the given RSA private key (2048 bits or more). */
    public static Builder builder(PrivateKey privateKey) {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /** A new token expiring {@code expiry} after the clock's now (whole seconds, rounded down). */
    public String sign() {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /**
     * Returns {@code url} with its {@code token} query parameter set to a new token: added when
     * absent, replaced (every occurrence) when present; every other parameter, their order and
     * their encoding, and the fragment are kept byte for byte.
     */
    public URI signUrl(URI url) {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /** The configured expiry. */
    public Duration expiry() {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }

    /** Builder; every option has a default that matches Jamf Pro. */
    public static final class Builder {
        private Builder() {}

        /** Token lifetime; default {@link #DEFAULT_EXPIRY}; must be 1-120 minutes unless {@link #allowExpiryOutsideJamfRange()}. */
        public Builder expiry(Duration expiry) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /** Opt-in: allow any positive expiry (tests, non-Jamf servers). */
        public Builder allowExpiryOutsideJamfRange() {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /** Clock for {@code exp}; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /** Adds a {@code kid} header (default: none, as Jamf). */
        public Builder keyId(String kid) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        /** Adds claims after {@code exp} (default: none, as Jamf); may not replace sub, iss or exp. */
        public Builder extraClaims(Map<String, ?> claims) {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }

        public ContentTokenSigner build() {
            throw new UnsupportedOperationException("TODO: tokens helper");
        }
    }
}
