package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.securedcontent.jwt.core.manifest.ChunkHashes;
import dev.securedcontent.jwt.core.manifest.Manifest;
import dev.securedcontent.jwt.core.manifest.ManifestException;
import dev.securedcontent.jwt.core.manifest.UrlList;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FIFO or device named as a key, manifest, URL list or content file is refused at once, never waited on. */
class SpecialFileInputTest {
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    private static final URI URL = URI.create("https://cdn.example.com/a.pkg");

    @TempDir
    Path dir;

    private Path fifo;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = dir.resolve("fifo.pem");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "mkfifo is not available here: " + noMkfifo.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo could not make a FIFO");
    }

    /** Opens the FIFO for reading and writing (which never blocks on Linux) so a reader stuck on it can finish. */
    @AfterEach
    void releaseStuckReaders() throws IOException {
        if (fifo != null && Files.exists(fifo)) {
            try (RandomAccessFile both = new RandomAccessFile(fifo.toFile(), "rw")) {
                both.getFD().sync();
            } catch (IOException ignored) {
                // Nothing was stuck on it.
            }
        }
    }

    @Test
    void aFifoAsThePrivateKeyIsRefusedNamingItAndTheFix() {
        assertThat(refusal(() -> RsaKeys.readPrivateKey(fifo)))
                .isInstanceOf(KeyFileException.class)
                .hasMessage(fifo + ": is a FIFO (named pipe), not a key file; give the key file's path")
                .hasNoCause();
    }

    @Test
    void aFifoAsThePublicKeysIsRefused() {
        assertThat(refusal(() -> RsaKeys.readPublicKeys(fifo)))
                .isInstanceOf(KeyFileException.class)
                .hasMessage(fifo + ": is a FIFO (named pipe), not a key file; give the key file's path");
    }

    @Test
    void aFifoAsAManifestOrUrlListIsRefused() {
        assertThat(refusal(() -> Manifest.read(fifo)))
                .isInstanceOf(ManifestException.class)
                .hasMessage(fifo + ": is a FIFO (named pipe), not a manifest file; give the path of the .plist");
        assertThat(refusal(() -> UrlList.read(fifo)))
                .isInstanceOf(ManifestException.class)
                .hasMessage(fifo + ": is a FIFO (named pipe), not a URL list file; give the path of the URL list");
    }

    @Test
    void aFifoAsAContentFileIsRefused() {
        String expected = fifo + ": is a FIFO (named pipe), not a content file;"
                + " give the path of the .ipa, .pkg or other file to hash";
        assertThat(refusal(() -> ChunkHashes.of(fifo))).isInstanceOf(ManifestException.class).hasMessage(expected);
        assertThat(refusal(() -> Manifest.forPackage(fifo, URL, "com.example.a", "1.0")))
                .isInstanceOf(ManifestException.class).hasMessage(expected);
        assertThat(refusal(() -> Manifest.forIpa(fifo, URL)))
                .isInstanceOf(ManifestException.class)
                .hasMessage(fifo + ": is a FIFO (named pipe), not an .ipa file; give the path of the .ipa");
    }

    @Test
    void aDeviceThatNeverEndsIsRefusedAsAContentFile() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertThat(refusal(() -> ChunkHashes.of(zero)))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(zero + ": is a character device, not a content file;");
    }

    private static Throwable refusal(ThrowingCallable read) {
        return assertTimeoutPreemptively(AT_ONCE, () -> catchThrowable(read));
    }
}
