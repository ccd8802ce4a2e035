package dev.securedcontent.jwt.core.manifest;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks manifests and URL lists and reports every problem found, not just the first: tokens
 * (missing, refused, expiring too soon), chunk hashes and sizes against local content files,
 * chunk sizes against their hash lists, required metadata, HTTPS, and the plist's shape.
 *
 * <p>Immutable and thread-safe; build once, reuse: {@code ManifestChecker.builder().verifier(v).build()}.
 * Checking never throws for a bad manifest; every problem is a {@link Finding}.
 */
public final class ManifestChecker {
    private final Optional<ContentTokenVerifier> verifier;
    private final Clock clock;
    private final Duration minRemainingValidity;
    private final Map<String, Path> contentFiles;
    private final boolean allowPlainHttp;
    private final boolean requireImageTokens;

    private ManifestChecker(Builder builder) {
        this.verifier = Optional.ofNullable(builder.verifier);
        this.clock = builder.clock;
        this.minRemainingValidity = builder.minRemainingValidity;
        this.contentFiles = Map.copyOf(builder.contentFiles);
        this.allowPlainHttp = builder.allowPlainHttp;
        this.requireImageTokens = builder.requireImageTokens;
    }

    /** Starts a builder; without {@link Builder#verifier} tokens are not checked. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every finding in {@code manifest}, in document order; empty when all is well. */
    public List<Finding> check(Manifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        throw new UnsupportedOperationException("TODO: manifests helper (in progress)");
    }

    /** Every finding in {@code list}, in line order; empty when all is well. */
    public List<Finding> check(UrlList list) {
        Objects.requireNonNull(list, "list");
        throw new UnsupportedOperationException("TODO: manifests helper (in progress)");
    }

    /**
     * Reads and checks the manifest at {@code file}; a file that cannot be read or parsed is a
     * {@link Finding.Kind#FILE_UNREADABLE} or {@link Finding.Kind#MALFORMED} finding, not an exception.
     */
    public List<Finding> checkManifest(Path file) {
        Objects.requireNonNull(file, "file");
        throw new UnsupportedOperationException("TODO: manifests helper (in progress)");
    }

    /** Reads and checks the URL list at {@code file}; unreadable is a finding, not an exception. */
    public List<Finding> checkUrlList(Path file) {
        Objects.requireNonNull(file, "file");
        throw new UnsupportedOperationException("TODO: manifests helper (in progress)");
    }

    /** Builder; every option has a safe default. */
    public static final class Builder {
        private ContentTokenVerifier verifier;
        private Clock clock = Clock.systemUTC();
        private Duration minRemainingValidity = Duration.ZERO;
        private final Map<String, Path> contentFiles = new LinkedHashMap<>();
        private boolean allowPlainHttp;
        private boolean requireImageTokens;

        private Builder() {}

        /**
         * Check tokens with this verifier: every {@code software-package} URL (and every URL of a
         * URL list) must carry a valid {@code token}; image URLs are checked when they carry one.
         * Default: tokens are not checked (hashes, metadata and HTTPS still are).
         */
        public Builder verifier(ContentTokenVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** Clock for the remaining-validity check; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A valid token must stay valid at least this long (e.g. the time a build takes to reach
         * devices); shorter is {@link Finding.Kind#TOKEN_EXPIRES_TOO_SOON}. Default: zero.
         */
        public Builder minRemainingValidity(Duration minRemainingValidity) {
            Objects.requireNonNull(minRemainingValidity, "minRemainingValidity");
            if (minRemainingValidity.isNegative()) {
                throw new IllegalArgumentException("minRemainingValidity must not be negative");
            }
            this.minRemainingValidity = minRemainingValidity;
            return this;
        }

        /**
         * The local copy of the content behind an asset, for hash and size checks. {@code urlOrFileName}
         * is the asset URL (its query, e.g. the token, is ignored) or the last segment of its path
         * (e.g. {@code app.ipa}). Assets without a local file get no hash check. Default: none.
         */
        public Builder contentFile(String urlOrFileName, Path file) {
            contentFiles.put(Objects.requireNonNull(urlOrFileName, "urlOrFileName"), Objects.requireNonNull(file, "file"));
            return this;
        }

        /** Adds every entry as {@link #contentFile(String, Path)}. */
        public Builder contentFiles(Map<String, Path> files) {
            files.forEach(this::contentFile);
            return this;
        }

        /** Unsafe opt-in: do not report plain {@code http} URLs. Default: they are {@link Finding.Kind#NOT_HTTPS}. */
        public Builder allowPlainHttp() {
            this.allowPlainHttp = true;
            return this;
        }

        /** Image URLs must carry a valid token too (when signed with images). Default: no. */
        public Builder requireImageTokens() {
            this.requireImageTokens = true;
            return this;
        }

        public ManifestChecker build() {
            return new ManifestChecker(this);
        }
    }
}
