package dev.securedcontent.jwt.core.internal;

import dev.securedcontent.jwt.core.ContentTokens;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a whole file so that readers see the old content or the new, never a part, even after a
 * crash: the content goes to a temporary file in the target's directory, is forced to disk, is
 * moved (or linked) into place, and the directory is forced too where the platform allows.
 *
 * <p>Every file this toolkit writes (keys, manifests, URL lists, reports) goes through here.
 */
public final class AtomicFile {

    /** Who may read a new file. */
    public enum Access {
        /** {@code rw-------}: private keys. */
        OWNER_ONLY("rw-------"),
        /** {@code rw-r--r--}: public keys and files a web server serves. */
        WORLD_READABLE("rw-r--r--");

        private final Set<PosixFilePermission> permissions;

        Access(String permissions) {
            this.permissions = PosixFilePermissions.fromString(permissions);
        }
    }


    private AtomicFile() {}

    /** {@link #replace(Path, byte[])} with {@code text} as UTF-8. */
    public static void replace(Path target, String text) throws IOException {
        replace(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code content} to {@code target}, replacing a file already there; missing parent
     * directories are created. Content that holds a content token (a signed manifest or URL list)
     * is always {@code rw-------}, whatever the umask or the replaced file's permissions: a token
     * opens every file on its server. Otherwise the replacement keeps the old file's permissions
     * and a new file is {@code rw-r--r--}.
     *
     * @throws IOException when the directory is missing or not writable, the target is a
     *         directory, or the file system cannot move files atomically; the target is then unchanged
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Set<PosixFilePermission> permissions = holdsToken(content)
                ? Access.OWNER_ONLY.permissions
                : Files.exists(absolute) && supportsPosix(absolute.getParent())
                ? Files.getPosixFilePermissions(absolute)
                : Access.WORLD_READABLE.permissions;
        write(absolute, content, permissions, false);
    }

    /**
     * Writes {@code content} to {@code target}, which must not exist yet: an existing file or a
     * symbolic link (even a dangling one) is never replaced nor written through, so a key file is
     * never overwritten. The file has {@code access}'s permissions before any byte is in it.
     *
     * @throws FileAlreadyExistsException when something is at {@code target}
     * @throws IOException when the directory is missing or not writable; nothing is left behind
     */
    public static void create(Path target, byte[] content, Access access) throws IOException {
        Objects.requireNonNull(access, "access");
        write(target.toAbsolutePath(), content, access.permissions, true);
    }

    /**
     * A signed JWS in compact form: a JSON header ({@code eyJ} is base64url of <code>{"</code>),
     * payload and a signature. A token redacted for display (<code>header.payload.&lt;redacted&gt;</code>)
     * has no signature and does not count.
     */
    static boolean holdsToken(byte[] content) {
        return ContentTokens.containsSignedToken(new String(content, StandardCharsets.ISO_8859_1));
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> permissions, boolean mustBeNew)
            throws IOException {
        Objects.requireNonNull(content, "content");
        Path directory = target.getParent();
        Path temp = createTemp(directory, target.getFileName().toString(), permissions);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // Without this a crash soon after the move can leave the name pointing at an empty
                // or partial file, which is what the move is there to prevent.
                channel.force(true);
            }
            if (mustBeNew) {
                publishNew(temp, target);
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            forceDirectory(directory);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: the temp file holds nothing the target does not, and an earlier
                // failure is the one worth reporting.
            }
        }
    }

    private static Path createTemp(Path directory, String name, Set<PosixFilePermission> permissions) throws IOException {
        String prefix = "." + name + ".";
        if (supportsPosix(directory)) {
            Path temp = Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(permissions));
            // The umask can only remove bits at creation; set the exact ones before any content exists.
            Files.setPosixFilePermissions(temp, permissions);
            return temp;
        }
        // Not POSIX (Windows): a new file in the user's own directory inherits that directory's ACL.
        return Files.createTempFile(directory, prefix, ".tmp");
    }

    private static boolean supportsPosix(Path directory) throws IOException {
        return Files.getFileStore(directory).supportsFileAttributeView("posix");
    }

    /**
     * A hard link is the one publication that is both atomic and fails when the target exists;
     * rename (ATOMIC_MOVE) silently replaces on POSIX, so it is only the fallback for file
     * systems without hard links, after a check.
     */
    private static void publishNew(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return;
        } catch (FileAlreadyExistsException | AccessDeniedException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            // fall back to a checked rename
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes the new name itself durable; only POSIX platforms can open a directory to force it. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            // Windows cannot open a directory as a file; its file systems journal the rename.
        }
    }
}
