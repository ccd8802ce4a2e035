package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the key reader: whatever bytes a key file or environment variable holds, the only
 * outcomes are an RSA key of at least 2048 bits or a {@link KeyFileException} naming the source.
 *
 * <p>Seeds: {@code src/test/resources/dev/securedcontent/jwt/core/RsaKeysFuzzTestInputs/<method>/}
 * (every key form the reader knows, plus near misses). The passphrase is the test keys' one, so
 * mutations of encrypted keys reach the decryptors.
 */
class RsaKeysFuzzTest {
    private static final String SOURCE = "fuzz input";

    // One file rewritten per input: fuzz tests never run concurrently (Jazzer holds a global lock).
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "5m")
    void privateKeyFromText(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            RSAPrivateCrtKey key = RsaKeys.readPrivateKey(text, TestKeyFiles.PASSPHRASE.clone(), SOURCE);
            assertThat(key.getModulus().bitLength()).isGreaterThanOrEqualTo(RsaKeys.MIN_RSA_BITS);
        } catch (KeyFileException refused) {
            assertNamesSource(refused, SOURCE);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void privateKeyFromFile(byte[] input) throws IOException {
        Path file = write(input);
        try {
            RSAPrivateCrtKey key = RsaKeys.readPrivateKey(file, TestKeyFiles.PASSPHRASE.clone());
            assertThat(key.getModulus().bitLength()).isGreaterThanOrEqualTo(RsaKeys.MIN_RSA_BITS);
        } catch (KeyFileException refused) {
            assertNamesSource(refused, file.toString());
        }
    }

    @FuzzTest(maxDuration = "5m")
    void publicKeysFromFile(byte[] input) throws IOException {
        Path file = write(input);
        try {
            List<RSAPublicKey> keys = RsaKeys.readPublicKeys(file);
            assertThat(keys).isNotEmpty()
                    .allSatisfy(key -> assertThat(key.getModulus().bitLength()).isGreaterThanOrEqualTo(RsaKeys.MIN_RSA_BITS));
            assertThat(RsaKeys.readPublicKey(file)).isEqualTo(keys.get(0));
        } catch (KeyFileException refused) {
            assertNamesSource(refused, file.toString());
        }
    }

    private static Path write(byte[] input) throws IOException {
        Path file = dir.resolve("key.pem");
        Files.write(file, input);
        return file;
    }

    private static void assertNamesSource(KeyFileException refused, String source) {
        assertThat(refused.getMessage()).startsWith(source + ": ");
    }
}
