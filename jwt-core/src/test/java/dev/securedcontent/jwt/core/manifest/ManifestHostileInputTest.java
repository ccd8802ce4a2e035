package dev.securedcontent.jwt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSString;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void binaryPlistWhoseSharedReferencesExpandExponentiallyIsRefusedQuickly() throws IOException {
        // given a few hundred bytes of binary plist whose arrays each hold the next array twice, 40 levels
        // deep: 2^40 elements once the shared references are written out
        Path manifest = Files.write(dir.resolve("shared.plist"), sharedArraysBinaryPlist(40));

        // when it is read (bounded in time and memory)
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowable(() -> Manifest.read(manifest)));

        // then it is refused, naming the file and what is wrong
        assertThat(thrown).isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(manifest + ": ")
                .hasMessageContaining("shared references");
    }

    @Test
    void signingAPlistOfSharedReferencesIsRefusedBeforeAnythingIsWritten() throws IOException {
        // given a valid manifest plus a key whose arrays each hold the next one twice, 20 levels
        // deep (a million elements once written out as XML), as dd-plist writes it
        NSDictionary root = (NSDictionary) PlistTree.parse(
                Files.readAllBytes(ManifestFixtures.resource(dir, "apple-ios-app.plist")), dir, null);
        NSArray level = new NSArray(new NSString("x"));
        for (int i = 0; i < 20; i++) {
            level = new NSArray(level, level);
        }
        root.put("extra", level);
        Path manifest = Files.write(dir.resolve("shared.plist"), ManifestFixtures.binary(root));
        assertThat(Files.size(manifest)).isLessThan(2_000);
        Path output = dir.resolve("signed.plist");
        ManifestSigner signer = ManifestSigner.builder(
                ContentTokenSigner.builder(ManifestFixtures.rsaKeyPair().getPrivate()).build()).build();

        // when jwt:sign's path signs it
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowable(
                () -> signer.signManifest(manifest, output)));

        // then it is refused and no output exists
        assertThat(thrown).isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(manifest + ": ")
                .hasMessageContaining("shared references");
        assertThat(output).doesNotExist();
    }

    /**
     * A binary plist written byte by byte (dd-plist's writer walks shared references as a tree
     * and could not write it): {@code {extra: [a1, a1]}}, each array {@code [next, next]}, the
     * last one {@code ["x"]}.
     */
    private static byte[] sharedArraysBinaryPlist(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        out.writeBytes("bplist00".getBytes(StandardCharsets.US_ASCII));
        offsets.add(out.size());
        out.writeBytes(new byte[] {(byte) 0xD1, 1, 2}); // object 0: dictionary, key object 1, value object 2
        offsets.add(out.size());
        out.writeBytes(new byte[] {0x55, 'e', 'x', 't', 'r', 'a'}); // object 1: "extra"
        for (int i = 0; i < depth; i++) {
            int next = offsets.size() + 1;
            offsets.add(out.size());
            out.writeBytes(new byte[] {(byte) 0xA2, (byte) next, (byte) next}); // an array holding the next object twice
        }
        int last = offsets.size();
        offsets.add(out.size());
        out.writeBytes(new byte[] {(byte) 0xA1, (byte) (last + 1)}); // the innermost array, ["x"]
        offsets.add(out.size());
        out.writeBytes(new byte[] {0x51, 'x'});
        int offsetTable = out.size();
        for (int offset : offsets) {
            out.writeBytes(new byte[] {(byte) (offset >> 8), (byte) offset});
        }
        ByteBuffer trailer = ByteBuffer.allocate(32);
        trailer.position(6);
        trailer.put((byte) 2).put((byte) 1).putLong(offsets.size()).putLong(0).putLong(offsetTable);
        out.writeBytes(trailer.array());
        return out.toByteArray();
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
