package dev.securedcontent.jwt.core.manifest;

import dev.securedcontent.jwt.core.RejectionReason;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem found by {@link ManifestChecker}: where it is, what kind it is and how to fix it.
 *
 * @param file            the manifest or URL list (or, for generated manifests, the content file)
 * @param location        the key path ({@code items[0].assets[1].url}) or line ({@code line 7});
 *                        empty for the file as a whole
 * @param kind            what kind of problem
 * @param rejectionReason the verifier's reason, for {@link Kind#TOKEN_INVALID} only
 * @param message         what is wrong and the fix, in one line; tokens appear only redacted
 */
public record Finding(Path file, String location, Kind kind, Optional<RejectionReason> rejectionReason, String message) {

    /** Refuses null components: an absent reason is an empty {@code Optional}. */
    public Finding {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rejectionReason, "rejectionReason");
        Objects.requireNonNull(message, "message");
    }

    Finding(Path file, String location, Kind kind, String message) {
        this(file, location, kind, Optional.empty(), message);
    }

    /** {@code file: location: KIND: message}, one line, safe to log. */
    @Override
    public String toString() {
        return file + (location.isEmpty() ? "" : ": " + location) + ": " + kind + ": " + message;
    }

    /** The kinds of problem a check reports. Stable: reports and build output use these names. */
    public enum Kind {
        /** A URL that must carry a token has none. */
        TOKEN_MISSING,
        /** The token was refused by the verifier; see {@link Finding#rejectionReason()}. */
        TOKEN_INVALID,
        /** The token is valid now but expires sooner than the required remaining validity. */
        TOKEN_EXPIRES_TOO_SOON,
        /** A chunk hash does not match the local content file. */
        HASH_MISMATCH,
        /** {@code sizeInBytes} or the number of chunk hashes does not match the local content file. */
        SIZE_MISMATCH,
        /** A chunk-size key ({@code md5-size}, {@code sha256-size}) does not fit its hash list. */
        CHUNK_SIZE_INCONSISTENT,
        /** Required metadata ({@code bundle-identifier}, {@code kind}, {@code title}, ...) is absent or empty. */
        METADATA_MISSING,
        /** A URL is not HTTPS; devices refuse plain HTTP. */
        NOT_HTTPS,
        /** A URL that does not parse as an absolute URL. */
        URL_INVALID,
        /** Not a plist, wrong value type, missing structural key, hash not in hex. */
        MALFORMED,
        /** The manifest or URL list itself cannot be read. */
        FILE_UNREADABLE,
        /** A local content file given for hash checks cannot be read. */
        CONTENT_UNREADABLE
    }
}
