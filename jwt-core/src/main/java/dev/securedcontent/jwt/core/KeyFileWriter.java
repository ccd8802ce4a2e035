package dev.securedcontent.jwt.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes key files the only safe way: to a temp file in the target's directory, created with
 * its final permissions, then published under the target name without ever replacing a file.
 */
final class KeyFileWriter {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private KeyFileWriter() {}

    static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot create its directory " + directory + " (" + ioReason(e)
                    + "); create it, or choose another path", e);
        }
        Path temp = null;
        try {
            temp = createTemp(directory, target.getFileName().toString(), permissions);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            publish(file, temp, target);
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot be written (" + ioReason(e)
                    + "); check that its directory is writable, or choose another path", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: the temp file holds nothing the target does not.
                }
            }
        }
    }

    private static Path createTemp(Path directory, String name, Set<PosixFilePermission> permissions) throws IOException {
        String prefix = "." + name + ".";
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(permissions);
            Path temp = Files.createTempFile(directory, prefix, ".tmp", attribute);
            // The umask can only remove bits at creation; set the exact ones before any content exists.
            Files.setPosixFilePermissions(temp, permissions);
            return temp;
        }
        // Not POSIX (Windows): a new file in the user's own directory inherits that directory's ACL.
        return Files.createTempFile(directory, prefix, ".tmp");
    }

    /**
     * A hard link is the one publication that is both atomic and fails when the target exists;
     * rename (ATOMIC_MOVE) silently replaces on POSIX, so it is only the fallback for file
     * systems without hard links, after a check.
     */
    private static void publish(Path file, Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return;
        } catch (FileAlreadyExistsException e) {
            throw alreadyExists(file);
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (noHardLinks instanceof AccessDeniedException) {
                throw (AccessDeniedException) noHardLinks;
            }
        }
        refuseExisting(file, target);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void refuseExisting(Path file, Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyExists(file);
        }
    }

    private static KeyFileException alreadyExists(Path file) {
        return new KeyFileException(file + ": already exists; keys are never overwritten:"
                + " move it away or choose another path");
    }

    private static String ioReason(IOException e) {
        String kind = e.getClass().getSimpleName().replaceAll("Exception$", "");
        String reason = e instanceof FileSystemException fileSystem ? fileSystem.getReason() : null;
        return reason == null ? kind : kind + ": " + reason;
    }
}
