package dev.securedcontent.jwt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest is read from files others hand in: XML tricks must neither leak files nor exhaust the reader. */
class ManifestHostileInputTest {
    private static final String SECRET = "s3cr3t-host-file-content";

    @TempDir
    Path dir;

    @Test
    void externalEntityIsNeverResolvedIntoTheManifestOrAnError() throws IOException {
        // given a local file and a manifest whose DTD pulls that file in as an external entity
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        Path manifest = Files.writeString(dir.resolve("xxe.plist"), "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE plist [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<plist version=\"1.0\"><dict><key>items</key><string>&x;</string></dict></plist>\n");

        // when it is read
        String seen = readOrMessage(manifest);

        // then the file's content shows up nowhere
        assertThat(seen).doesNotContain(SECRET);
    }

    @Test
    void entityExpansionBombIsNeitherExpandedNorSlow() throws IOException {
        // given the "billion laughs" DTD: ten levels of ten-fold entity references (10^10 "lol"s)
        StringBuilder dtd = new StringBuilder("<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        Path manifest = Files.writeString(dir.resolve("bomb.plist"), "<?xml version=\"1.0\"?>\n<!DOCTYPE plist ["
                + dtd + "]>\n<plist version=\"1.0\"><dict><key>items</key><string>&a10;</string></dict></plist>\n");

        // when it is read (bounded in time: an expanding parser would run for minutes or run out of memory)
        String seen = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readOrMessage(manifest));

        // then nothing was expanded: what was read (or the error naming the file) stays small
        assertThat(seen).hasSizeLessThan(10_000).doesNotContain("lollol");
    }

    @Test
    void deeplyNestedPlistIsRefusedNotAStackOverflow() throws IOException {
        // given arrays nested far deeper than any manifest
        Path manifest = Files.writeString(dir.resolve("deep.plist"), "<?xml version=\"1.0\"?>\n<plist version=\"1.0\">"
                + "<array>".repeat(50_000) + "</array>".repeat(50_000) + "</plist>\n");

        // when it is read, then it is a ManifestException naming the file
        assertThat(catchThrowable(() -> Manifest.read(manifest)))
                .isInstanceOf(ManifestException.class).hasMessageStartingWith(manifest + ": ");
    }

    private static String readOrMessage(Path manifest) {
        try {
            return Manifest.read(manifest).toXml();
        } catch (ManifestException e) {
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            return all.toString();
        }
    }
}
