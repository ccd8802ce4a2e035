package dev.securedcontent.jwt.core.manifest;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest, URL list or content file could not be read, generated, signed or written. The
 * message names the file, the key path or line when there is one, what is wrong and the fix; it
 * never contains a whole token.
 */
public final class ManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The key path or line, or null. */
    private final String location;

    ManifestException(Path file, String location, String problem) {
        this(file, location, problem, null);
    }

    ManifestException(Path file, String location, String problem, Throwable cause) {
        super(format(file, location, problem), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.location = location;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }

    /** The key path ({@code items[0].assets[1].url}) or line ({@code line 7}), when there is one. */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    private static String format(Path file, String location, String problem) {
        return location == null || location.isEmpty()
                ? file + ": " + problem
                : file + ": " + location + ": " + problem;
    }
}
