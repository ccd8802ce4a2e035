package dev.securedcontent.jwt.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer every output goes through: whole files, moved into place, keys never replaced. */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void replaceMovesANewFileIntoPlaceKeepingThePermissionsAndLeavingNoTemporaryFile() throws IOException {
        // given an existing file with permissions its owner chose
        Path file = Files.writeString(dir.resolve("out.txt"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        // when
        AtomicFile.replace(file, "new");

        // then
        assertThat(file).hasContent("new");
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).isNotEqualTo(before);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-rw-r--"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void replaceCreatesAWorldReadableFileAndItsMissingDirectories() throws IOException {
        // when
        Path file = dir.resolve("a/b/out.txt");
        AtomicFile.replace(file, "new");

        // then
        assertThat(file).hasContent("new");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void contentHoldingASignedTokenIsOwnerOnlyButARedactedOneIsNot() throws IOException {
        // given a file anyone may read, and a signed token and its redacted form
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBcHBNYW5pZmVzdCJ9.c2lnbmF0dXJl";
        Path signed = Files.writeString(dir.resolve("signed.txt"), "old");
        Files.setPosixFilePermissions(signed, PosixFilePermissions.fromString("rw-rw-r--"));

        // when
        AtomicFile.replace(signed, "https://cdn.example.com/a.pkg?token=" + token + "\n");
        AtomicFile.replace(dir.resolve("report.txt"), "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBcHBNYW5pZmVzdCJ9.<redacted>\n");

        // then
        assertThat(Files.getPosixFilePermissions(signed)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("report.txt"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void createMakesAnOwnerOnlyFileWhenAsked() throws IOException {
        // when
        Path file = dir.resolve("key.pem");
        AtomicFile.create(file, new byte[] {1, 2, 3}, AtomicFile.Access.OWNER_ONLY);

        // then
        assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void createNeverReplacesAFileNorWritesThroughALink() throws IOException {
        // given an existing file and a dangling symbolic link
        Path existing = Files.writeString(dir.resolve("key.pem"), "the key");
        Path link = Files.createSymbolicLink(dir.resolve("link.pem"), dir.resolve("elsewhere.pem"));

        // when
        Throwable overFile = catchThrowable(() -> AtomicFile.create(existing, new byte[] {1}, AtomicFile.Access.OWNER_ONLY));
        Throwable throughLink = catchThrowable(() -> AtomicFile.create(link, new byte[] {1}, AtomicFile.Access.OWNER_ONLY));

        // then
        assertThat(overFile).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(throughLink).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(existing).hasContent("the key");
        assertThat(dir.resolve("elsewhere.pem")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(existing, link);
        }
    }
}
