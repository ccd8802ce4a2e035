package dev.securedcontent.jwt.core.manifest;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.VerifiedContentToken;
import dev.securedcontent.jwt.core.internal.DownloadUrls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 *
 * <p>HTTPS: a URL must be {@code https}; {@link Builder#allowPlainHttp()} accepts plain {@code http}
 * to any host. That differs on purpose from the rule for where this project itself sends a token
 * (https, or http only to loopback, in the Maven plugin's probe and audit): the checker sends
 * nothing, it judges a document that devices read, and a URL in it names the server as the device
 * sees it. For a device, loopback is the device itself, so a test manifest's plain-http URL
 * points at a lab machine (a test Jamf Pro's distribution point, a LAN box), never at
 * {@code localhost}; an opt-in narrowed to loopback would be useless here. {@link ManifestSigner}
 * accepts the same. The Maven plugin, whose {@code jwt.allowHttp} is for tests on this machine,
 * narrows it to loopback itself.
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
        return new ManifestWalk(this, manifest.source()).run(manifest.root());
    }

    /** Every finding in {@code list}, in line order; empty when all is well. */
    public List<Finding> check(UrlList list) {
        Objects.requireNonNull(list, "list");
        List<Finding> findings = new ArrayList<>();
        for (UrlList.Entry entry : list.entries()) {
            checkUrl(list.source(), entry.location(), entry.url(), true, findings);
        }
        return List.copyOf(findings);
    }

    /**
     * Reads and checks the manifest at {@code file}; a file that cannot be read or parsed is a
     * {@link Finding.Kind#FILE_UNREADABLE} or {@link Finding.Kind#MALFORMED} finding, not an exception.
     */
    public List<Finding> checkManifest(Path file) {
        Objects.requireNonNull(file, "file");
        Manifest manifest;
        try {
            manifest = Manifest.read(file);
        } catch (ManifestException e) {
            return List.of(unreadable(file, e));
        }
        return check(manifest);
    }

    /** Reads and checks the URL list at {@code file}; unreadable is a finding, not an exception. */
    public List<Finding> checkUrlList(Path file) {
        Objects.requireNonNull(file, "file");
        UrlList list;
        try {
            list = UrlList.read(file);
        } catch (ManifestException e) {
            return List.of(unreadable(file, e));
        }
        return check(list);
    }

    /**
     * Checks one URL: it parses, is HTTPS, and (with a verifier, when {@code tokenRequired} or a
     * token is present) carries a token that verifies and stays valid long enough. Returns the
     * parsed URL, or null when it does not parse.
     */
    URI checkUrl(Path file, String location, String url, boolean tokenRequired, List<Finding> findings) {
        URI uri;
        try {
            uri = ManifestSigner.parseUrl(url, file, location);
        } catch (ManifestException e) {
            findings.add(new Finding(file, location, Finding.Kind.URL_INVALID, problemOf(e)));
            return null;
        }
        if (!allowPlainHttp && !DownloadUrls.isHttps(uri)) {
            findings.add(new Finding(file, location, Finding.Kind.NOT_HTTPS, "URL is not HTTPS ("
                    + ManifestSigner.withoutQuery(uri) + "); devices refuse plain HTTP downloads: serve it over HTTPS"));
        }
        if (verifier.isPresent() && (tokenRequired || !TokenParameter.rawValues(uri).isEmpty())) {
            checkToken(file, location, uri, findings);
        }
        return uri;
    }

    private void checkToken(Path file, String location, URI uri, List<Finding> findings) {
        VerifiedContentToken token;
        try {
            token = verifier.get().verifyUrl(uri);
        } catch (TokenRejectedException e) {
            if (e.reason() == RejectionReason.MISSING) {
                findings.add(new Finding(file, location, Finding.Kind.TOKEN_MISSING,
                        "URL has no token query parameter; sign the manifest (or URL list) before publishing it"));
            } else {
                List<String> tokens = TokenParameter.rawValues(uri);
                String shown = tokens.size() == 1 ? "token " + ContentTokens.redact(tokens.get(0)) + " " : "";
                findings.add(new Finding(file, location, Finding.Kind.TOKEN_INVALID, Optional.of(e.reason()),
                        shown + "refused: " + e.getMessage() + "; sign again with the key the web server accepts"));
            }
            return;
        }
        Duration remaining = Duration.between(clock.instant(), token.expiresAt());
        if (remaining.compareTo(minRemainingValidity) < 0) {
            findings.add(new Finding(file, location, Finding.Kind.TOKEN_EXPIRES_TOO_SOON, "token expires at "
                    + token.expiresAt() + " (" + describe(remaining) + "); at least " + length(minRemainingValidity)
                    + " of validity is required: sign again just before publishing, or with a longer expiry"));
        }
    }

    /** The local content file for an asset URL, by URL (query ignored) or by file name. */
    Optional<Path> contentFileFor(URI url) {
        Path exact = contentFiles.get(url.toString());
        if (exact != null) {
            return Optional.of(exact);
        }
        String base = ManifestSigner.withoutQuery(url);
        for (Map.Entry<String, Path> entry : contentFiles.entrySet()) {
            String key = entry.getKey();
            if (key.contains("://") ? stripQuery(key).equals(base) : key.equals(fileName(url))) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    boolean requireImageTokens() {
        return requireImageTokens;
    }

    private static String stripQuery(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }

    private static String fileName(URI url) {
        String path = url.getPath();
        if (path == null) {
            return "";
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The exception's message without the "file: location: " prefix the finding already carries. */
    static String problemOf(ManifestException e) {
        String prefix = e.file() + ": " + e.location().map(location -> location + ": ").orElse("");
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static Finding unreadable(Path file, ManifestException e) {
        Finding.Kind kind = e.getCause() instanceof IOException ? Finding.Kind.FILE_UNREADABLE : Finding.Kind.MALFORMED;
        return new Finding(file, e.location().orElse(""), kind, problemOf(e));
    }

    private static String describe(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return "already past, within the verifier's clock skew";
        }
        return "in " + length(duration);
    }

    private static String length(Duration duration) {
        long seconds = duration.getSeconds();
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
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

        /**
         * Unsafe opt-in: do not report plain {@code http} URLs, to any host (the class Javadoc says why
         * not only loopback). Default: they are {@link Finding.Kind#NOT_HTTPS}.
         */
        public Builder allowPlainHttp() {
            this.allowPlainHttp = true;
            return this;
        }

        /** Image URLs must carry a valid token too (when signed with images). Default: no. */
        public Builder requireImageTokens() {
            this.requireImageTokens = true;
            return this;
        }

        /**
         * The checker, immutable and thread-safe.
         *
         * @return the checker
         */
        public ManifestChecker build() {
            return new ManifestChecker(this);
        }
    }
}
