package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encrypted key file names its own key-derivation cost; a crafted one must be refused at once,
 * not make the reader spin for hours or allocate gigabytes.
 */
class KeyDerivationCostTest {
    // A guard against a hang, not a speed claim: a refusal takes milliseconds, the bug took hours.
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void pbkdf2WithAbsurdIterationCountIsRefusedBeforeDeriving() throws Exception {
        Path file = encryptedKeyFile(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(new byte[16], Integer.MAX_VALUE,
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))))));

        Throwable thrown = readWithPassphrase(file);

        assertThat(thrown).isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("too expensive")
                .hasMessageContaining("PBKDF2 iteration count 2147483647");
    }

    @Test
    void scryptAskingForGigabytesIsRefusedBeforeDeriving() throws Exception {
        Path file = encryptedKeyFile(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2(
                new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt, new ScryptParams(new byte[16], 1 << 24, 8, 1, 32)))));

        Throwable thrown = readWithPassphrase(file);

        assertThat(thrown).isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("scrypt needs 17179869184 bytes");
    }

    @Test
    void pkcs12PbeWithAbsurdIterationCountIsRefusedBeforeDeriving() throws Exception {
        Path file = encryptedKeyFile(new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
                new PKCS12PBEParams(new byte[8], Integer.MAX_VALUE)));

        Throwable thrown = readWithPassphrase(file);

        assertThat(thrown).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("PKCS#12 PBE iteration count 2147483647");
    }

    @Test
    void openSslDefaultCostsAreStillRead() {
        // openssl's own choices (PBKDF2 2048 iterations, scrypt N=16384 r=8 p=1, PBES1) stay under the caps.
        for (String name : new String[] {"rsa2048-pkcs8-encrypted.pem", "rsa2048-pkcs8-encrypted-scrypt.pem",
                "rsa2048-pkcs8-encrypted-pbes1.pem"}) {
            Path file = Path.of("src/test/resources/keys", name);

            var key = RsaKeys.readPrivateKey(file, "correct horse".toCharArray());

            assertThat(key.getModulus().bitLength()).as(name).isEqualTo(2048);
        }
    }

    private Throwable readWithPassphrase(Path file) {
        return assertTimeoutPreemptively(HANG_GUARD,
                () -> catchThrowable(() -> RsaKeys.readPrivateKey(file, "x".toCharArray())));
    }

    private static PBES2Parameters pbes2(KeyDerivationFunc kdf) {
        return new PBES2Parameters(kdf,
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16])));
    }

    private Path encryptedKeyFile(AlgorithmIdentifier encryption) throws Exception {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(encryption, new byte[1232]);
        String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(info.getEncoded())
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
        return Files.writeString(dir.resolve("crafted.pem"), pem);
    }
}
