package dev.securedcontent.jwt.core;

import dev.securedcontent.jwt.core.internal.AtomicFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes key files through {@link AtomicFile#create}: never over an existing file, with key-file messages. */
final class KeyFileWriter {

    private KeyFileWriter() {}

    static void write(Path file, byte[] content, AtomicFile.Access access) {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot create its directory " + directory + " (" + ioReason(e)
                    + "); create it, or choose another path", e);
        }
        try {
            AtomicFile.create(file, content, access);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(file + ": already exists; keys are never overwritten:"
                    + " move it away or choose another path");
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot be written (" + ioReason(e)
                    + "); check that its directory is writable, or choose another path", e);
        }
    }

    private static String ioReason(IOException e) {
        String kind = e.getClass().getSimpleName().replaceAll("Exception$", "");
        String reason = e instanceof FileSystemException fileSystem ? fileSystem.getReason() : null;
        return reason == null ? kind : kind + ": " + reason;
    }
}
