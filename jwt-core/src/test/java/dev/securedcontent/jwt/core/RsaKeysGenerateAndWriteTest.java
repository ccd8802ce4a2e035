package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RsaKeysGenerateAndWriteTest {
    private static RSAPrivateCrtKey privateKey;
    private static RSAPublicKey publicKey;

    @BeforeAll
    static void readTheMainKey() {
        privateKey = RsaKeys.readPrivateKey(TestKeyFiles.key("rsa2048-pkcs1.pem"));
        publicKey = RsaKeys.publicKeyOf(privateKey);
    }

    @Test
    void generateWithoutASizeMakesA2048BitKeyWithExponent65537() {
        KeyPair pair = RsaKeys.generate();

        assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(((RSAPublicKey) pair.getPublic()).getPublicExponent().intValue()).isEqualTo(65537);
        assertThat(pair.getPrivate()).isInstanceOf(RSAPrivateCrtKey.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1024, 2047, 2049, 8192, -1})
    void generateRefusesOtherSizesAndNamesTheAllowedOnes(int bits) {
        assertThatThrownBy(() -> RsaKeys.generate(bits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA key size " + bits + " is not offered; use 2048 (the default, what Jamf Pro's docs"
                        + " show), 3072 or 4096");
    }

    @Test
    void aWrittenPrivateKeyIsOwnerOnly(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("key.pem");

        RsaKeys.writePrivateKey(file, privateKey);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aWrittenPrivateKeyIsPkcs8PemAndReadsBackAsTheSameKey(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("key.pem");

        RsaKeys.writePrivateKey(file, privateKey);

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("\n-----END PRIVATE KEY-----\n");
        assertThat(RsaKeys.readPrivateKey(file)).isEqualTo(privateKey);
    }

    @Test
    void aPrivateKeyIsNeverWrittenOverAnExistingFile(@TempDir Path directory) throws Exception {
        // given
        Path file = directory.resolve("key.pem");
        byte[] existing = "the old key, still in use".getBytes(StandardCharsets.UTF_8);
        Files.write(file, existing);

        // when
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.writePrivateKey(file, privateKey));

        // then
        assertThat(thrown).hasMessage(file + ": already exists; keys are never overwritten: move it away or choose"
                + " another path");
        assertThat(Files.readAllBytes(file)).isEqualTo(existing);
        try (var entries = Files.list(directory)) {
            assertThat(entries).as("no temp file left behind").containsExactly(file);
        }
    }

    @Test
    void aDanglingSymbolicLinkCountsAsAnExistingFile(@TempDir Path directory) throws Exception {
        Path link = Files.createSymbolicLink(directory.resolve("key.pem"), directory.resolve("elsewhere.pem"));

        assertThatThrownBy(() -> RsaKeys.writePrivateKey(link, privateKey)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("already exists");
        assertThat(directory.resolve("elsewhere.pem")).doesNotExist();
    }

    @Test
    void aFailedWriteLeavesNoTempFile(@TempDir Path directory) throws Exception {
        // given the key file's name taken by a directory
        Path file = directory.resolve("key.pem");
        Files.createDirectory(file);

        // when
        assertThatThrownBy(() -> RsaKeys.writePrivateKey(file, privateKey)).isInstanceOf(KeyFileException.class);

        // then
        try (var entries = Files.list(directory)) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void missingParentDirectoriesAreCreated(@TempDir Path directory) {
        Path file = directory.resolve("keys/jamf/key.pem");

        RsaKeys.writePrivateKey(file, privateKey);

        assertThat(file).isRegularFile();
    }

    @Test
    void aWrittenPublicKeyIsSpkiPemReadableByOthersAndReadsBack(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("public.pem");

        RsaKeys.writePublicKey(file, publicKey);

        assertThat(Files.readString(file)).isEqualTo(RsaKeys.toPem(publicKey));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(RsaKeys.readPublicKey(file)).isEqualTo(publicKey);
    }

    @Test
    void aPublicKeyIsNeverWrittenOverAnExistingFile(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("public.pem"), "old");

        assertThatThrownBy(() -> RsaKeys.writePublicKey(file, publicKey)).isInstanceOf(KeyFileException.class)
                .hasMessage(file + ": already exists; keys are never overwritten: move it away or choose another path");
        assertThat(Files.readString(file)).isEqualTo("old");
    }

    @Test
    void toPemGivesTheSameTextAsOpenssl() {
        assertThat(RsaKeys.toPem(publicKey)).isEqualTo(TestKeyFiles.text("rsa2048-spki.pem"));
    }

    @Test
    void aGenerated3072BitKeyPairRoundTripsThroughFiles(@TempDir Path directory) {
        // given
        KeyPair pair = RsaKeys.generate(3072);
        assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(3072);
        Path privateFile = directory.resolve("key.pem");
        Path publicFile = directory.resolve("public.pem");

        // when
        RsaKeys.writePrivateKey(privateFile, (RSAPrivateCrtKey) pair.getPrivate());
        RsaKeys.writePublicKey(publicFile, (RSAPublicKey) pair.getPublic());

        // then
        assertThat(RsaKeys.readPrivateKey(privateFile)).isEqualTo(pair.getPrivate());
        assertThat(RsaKeys.readPublicKey(publicFile)).isEqualTo(pair.getPublic());
        assertThat(RsaKeys.readPublicKey(privateFile)).isEqualTo(pair.getPublic());
    }

    @Test
    void aWeakKeyIsNotWritten(@TempDir Path directory) {
        RSAPublicKey weak = RsaKeys.publicKeyOf(weakPrivateKey());
        Path file = directory.resolve("public.pem");

        assertThatThrownBy(() -> RsaKeys.writePublicKey(file, weak)).isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file + ": RSA key is 1024 bits; RS256 needs 2048 or more");
        assertThat(file).doesNotExist();
    }

    private static RSAPrivateCrtKey weakPrivateKey() {
        // Read around the refusal: the parser is what refuses it, so take it straight from the JCA.
        try {
            String pem = TestKeyFiles.text("rsa1024-pkcs8.pem").replaceAll("-----[A-Z ]+-----|\\s", "");
            return (RSAPrivateCrtKey) java.security.KeyFactory.getInstance("RSA")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
