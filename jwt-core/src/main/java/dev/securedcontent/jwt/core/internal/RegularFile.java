package dev.securedcontent.jwt.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens a file a user named only once it is known to be a regular file: opening a FIFO waits for
 * a writer that may never come, and a device such as {@code /dev/zero} never ends. Every reader of
 * a user-named path (keys, manifests, URL lists, content files) goes through here.
 */
public final class RegularFile {

    private RegularFile() {}

    /**
     * Opens {@code file} for reading (symbolic links followed).
     *
     * @throws NotRegularFileException when it is a directory, FIFO, socket or device
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws IOException when it cannot be read
     */
    public static InputStream open(Path file) throws IOException {
        require(file);
        return Files.newInputStream(file);
    }

    /**
     * Checks that {@code file} is a regular file (symbolic links followed), before a caller opens it
     * some other way.
     *
     * @throws NotRegularFileException when it is a directory, FIFO, socket or device
     * @throws java.nio.file.NoSuchFileException when it does not exist
     */
    public static void require(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new NotRegularFileException(file, attributes.isDirectory() ? "a directory" : specialKind(file));
        }
    }

    /** What kind of special file it is, from the POSIX mode where the platform shows it. */
    private static String specialKind(Path file) {
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    /** A user named a directory, FIFO, socket or device where a regular file belongs. */
    public static final class NotRegularFileException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        /** What the path is instead: a directory, FIFO, socket or device. */
        private final String kind;

        NotRegularFileException(Path file, String kind) {
            super(file.toString(), null, "is " + kind + ", not a regular file");
            this.kind = kind;
        }

        /** What the path is instead: {@code a directory}, {@code a FIFO (named pipe)}, {@code a socket}, ... */
        public String kind() {
            return kind;
        }
    }
}
