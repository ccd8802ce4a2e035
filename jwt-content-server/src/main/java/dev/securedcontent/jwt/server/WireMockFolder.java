package dev.securedcontent.jwt.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * WireMock's root folder (where it loads stubs from at start and saves them to), fresh and empty
 * for each server and deleted when it stops, so nothing is read from or written to the working directory.
 */
final class WireMockFolder implements AutoCloseable {

    private final Path path;

    private WireMockFolder(Path path) {
        this.path = path;
    }

    static WireMockFolder create() {
        try {
            return new WireMockFolder(Files.createTempDirectory("secured-content-wiremock-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for WireMock in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                    + "; make java.io.tmpdir a writable folder", e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes the folder and whatever WireMock saved in it; symbolic links are removed, never followed. */
    @Override
    public void close() {
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }
}
