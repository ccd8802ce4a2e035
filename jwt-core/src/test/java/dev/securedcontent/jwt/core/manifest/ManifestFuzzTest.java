package dev.securedcontent.jwt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the manifest reader: whatever bytes a manifest file holds, {@link Manifest#read} gives a
 * manifest or a {@link ManifestException} naming the file, and the checker turns every problem
 * of a manifest it could read into findings, never an exception.
 *
 * <p>Seeds: {@code src/test/resources/dev/securedcontent/jwt/core/manifest/ManifestFuzzTestInputs/}
 * (Apple's and micromdm's manifests in XML and binary form, plus damaged ones).
 */
class ManifestFuzzTest {
    // One file rewritten per input: fuzz tests never run concurrently (Jazzer holds a global lock).
    @TempDir
    static Path dir;

    private static final ManifestChecker CHECKER = ManifestChecker.builder().build();

    @FuzzTest(maxDuration = "5m")
    void readManifest(byte[] input) throws IOException {
        Path file = write("manifest.plist", input);
        Manifest manifest;
        try {
            manifest = Manifest.read(file);
        } catch (ManifestException refused) {
            assertThat(refused.file()).isEqualTo(file);
            assertThat(refused.getMessage()).startsWith(file + ": ");
            return;
        }
        try {
            manifest.items();
        } catch (ManifestException wrongShape) {
            assertThat(wrongShape.getMessage()).startsWith(file + ": ");
        }
        List<Finding> findings = CHECKER.check(manifest);
        assertThat(findings).allSatisfy(finding -> assertThat(finding.file()).isEqualTo(file));
        assertThat(CHECKER.checkManifest(file)).isEqualTo(findings);
    }

    @FuzzTest(maxDuration = "5m")
    void readUrlList(byte[] input) throws IOException {
        Path file = write("urls.txt", input);
        UrlList list;
        try {
            list = UrlList.read(file);
        } catch (ManifestException refused) {
            assertThat(refused.getMessage()).startsWith(file + ": ");
            return;
        }
        assertThatCode(() -> CHECKER.check(list)).doesNotThrowAnyException();
    }

    private static Path write(String name, byte[] input) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, input);
        return file;
    }
}
