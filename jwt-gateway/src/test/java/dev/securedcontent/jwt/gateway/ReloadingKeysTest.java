package dev.securedcontent.jwt.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RsaKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files are re-read when they change, at most once a second, and a broken file keeps the keys in force. */
class ReloadingKeysTest {
    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @Test
    void aReplacedKeyCountsAfterTheNextCheckAndTheOldOneNoLonger() throws Exception {
        RSAPublicKey oldKey = (RSAPublicKey) RsaKeys.generate(2048).getPublic();
        RSAPublicKey newKey = (RSAPublicKey) RsaKeys.generate(2048).getPublic();
        Path file = Files.writeString(dir.resolve("jamf.pem"), RsaKeys.toPem(oldKey));
        ReloadingKeys keys = new ReloadingKeys(List.of(file), clock, 100);

        replace(file, RsaKeys.toPem(newKey));
        keys.filter();
        List<RSAPublicKey> withinTheSecond = keys.keys();
        now = now.plus(ReloadingKeys.CHECK_INTERVAL);
        keys.filter();

        assertThat(withinTheSecond).containsExactly(oldKey);
        assertThat(keys.keys()).containsExactly(newKey);
    }

    @Test
    void aFileThatNoLongerReadsKeepsTheKeysInForce() throws Exception {
        RSAPublicKey key = (RSAPublicKey) RsaKeys.generate(2048).getPublic();
        Path file = Files.writeString(dir.resolve("jamf.pem"), RsaKeys.toPem(key));
        ReloadingKeys keys = new ReloadingKeys(List.of(file), clock, 100);

        replace(file, "half a key");
        now = now.plus(Duration.ofSeconds(5));
        keys.filter();

        assertThat(keys.keys()).containsExactly(key);
    }

    private static void replace(Path file, String text) throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, text);
        // File systems with coarse timestamps: make the change visible whatever their resolution.
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
    }
}
