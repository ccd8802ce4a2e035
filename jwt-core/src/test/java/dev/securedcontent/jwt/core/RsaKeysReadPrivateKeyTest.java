package dev.securedcontent.jwt.core;

import static dev.securedcontent.jwt.core.TestKeyFiles.PASSPHRASE;
import static dev.securedcontent.jwt.core.TestKeyFiles.assertLeaksNothing;
import static dev.securedcontent.jwt.core.TestKeyFiles.key;
import static dev.securedcontent.jwt.core.TestKeyFiles.mainModulus;
import static dev.securedcontent.jwt.core.TestKeyFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RsaKeysReadPrivateKeyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rsa2048-pkcs1.pem", "rsa2048-pkcs8.pem", "rsa2048-pkcs8.der", "rsa2048-pkcs1.der",
        "rsa2048-pkcs8-crlf-bom.pem", "rsa2048-with-text.pem"})
    void every_unencrypted_form_of_the_key_reads_as_the_same_key(String file) {
        // given the reference key, read from the PKCS#1 PEM openssl genrsa -traditional wrote
        RSAPrivateCrtKey reference = RsaKeys.readPrivateKey(key("rsa2048-pkcs1.pem"));

        // when
        RSAPrivateCrtKey key = RsaKeys.readPrivateKey(key(file));

        // then
        assertThat(key.getModulus()).isEqualTo(mainModulus());
        assertThat(key.getPrivateExponent()).isEqualTo(reference.getPrivateExponent());
        assertThat(key.getPrimeP()).isEqualTo(reference.getPrimeP());
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rsa2048-pkcs8-encrypted.pem", "rsa2048-pkcs8-encrypted-scrypt.pem", "rsa2048-pkcs8-encrypted-pbes1.pem",
        "rsa2048-legacy-aes256.pem", "rsa2048-legacy-des3.pem"})
    void every_encrypted_form_decrypts_with_the_passphrase_to_the_same_key(String file) {
        // when
        RSAPrivateCrtKey key = RsaKeys.readPrivateKey(key(file), PASSPHRASE.clone());

        // then
        assertThat(key.getModulus()).isEqualTo(mainModulus());
        assertThat(key.getPrivateExponent())
                .isEqualTo(RsaKeys.readPrivateKey(key("rsa2048-pkcs1.pem")).getPrivateExponent());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa2048-pkcs8-encrypted.pem", "rsa2048-legacy-aes256.pem", "rsa2048-legacy-des3.pem",
        "rsa2048-pkcs8-encrypted-scrypt.pem"})
    void an_encrypted_key_without_a_passphrase_is_refused_naming_the_file(String file) {
        // when
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPrivateKey(key(file)));

        // then
        assertThat(thrown).hasMessageStartingWith(key(file) + ": is an encrypted private key")
                .hasMessageContaining("no passphrase was given; give its passphrase");
        assertLeaksNothing(thrown, key(file));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa2048-pkcs8-encrypted.pem", "rsa2048-pkcs8-encrypted-scrypt.pem",
        "rsa2048-pkcs8-encrypted-pbes1.pem", "rsa2048-legacy-aes256.pem", "rsa2048-legacy-des3.pem"})
    void an_encrypted_key_with_a_wrong_passphrase_is_refused_naming_the_file(String file) {
        // when
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPrivateKey(key(file), "correct horse battery".toCharArray()));

        // then
        assertThat(thrown).hasMessageStartingWith(key(file) + ": could not be decrypted with the given passphrase")
                .hasMessageContaining("check the passphrase")
                .hasNoCause();
        assertLeaksNothing(thrown, key(file));
        assertThat(thrown.getMessage()).doesNotContain("battery");
    }

    @Test
    void thePassphraseIsIgnoredForAnUnencryptedKey() {
        assertThat(RsaKeys.readPrivateKey(key("rsa2048-pkcs8.pem"), PASSPHRASE.clone()).getModulus())
                .isEqualTo(mainModulus());
    }

    @ParameterizedTest(name = "{0} bits")
    @CsvSource({"rsa3072-pkcs8.pem, 3072", "rsa4096-pkcs8.pem, 4096"})
    void largerKeysAreRead(String file, int bits) {
        assertThat(RsaKeys.readPrivateKey(key(file)).getModulus().bitLength()).isEqualTo(bits);
    }

    @Test
    void aKeyFromAnEnvironmentVariableIsReadAndNamedByItsSource() {
        // given
        String value = text("rsa2048-pkcs1.pem");

        // when
        RSAPrivateCrtKey key = RsaKeys.readPrivateKey(value, null, "environment variable JWT_PRIVATE_KEY");

        // then
        assertThat(key.getModulus()).isEqualTo(mainModulus());
    }

    @Test
    void aKeyWithEscapedNewlinesAsInADotenvFileIsRead() {
        String value = text("rsa2048-pkcs8.pem").strip().replace("\n", "\\n");

        assertThat(RsaKeys.readPrivateKey(value, null, "JWT_PRIVATE_KEY").getModulus()).isEqualTo(mainModulus());
    }

    @Test
    void aPemBodyWithoutItsBeginAndEndLinesIsRead() {
        String value = text("rsa2048-pkcs8.pem").replaceAll("-----[A-Z ]+-----", "");

        assertThat(RsaKeys.readPrivateKey(value, null, "JWT_PRIVATE_KEY").getModulus()).isEqualTo(mainModulus());
    }

    @Test
    void anEncryptedKeyFromAnEnvironmentVariableIsDecrypted() {
        String value = text("rsa2048-pkcs8-encrypted.pem");

        assertThat(RsaKeys.readPrivateKey(value, PASSPHRASE.clone(), "JWT_PRIVATE_KEY").getModulus())
                .isEqualTo(mainModulus());
    }

    @Test
    void aFilePathGivenWhereTheKeyTextIsExpectedIsRefusedWithTheFix() {
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPrivateKey("/etc/jamf/key.pem", null, "environment variable JWT_PRIVATE_KEY"));

        assertThat(thrown).hasMessage("environment variable JWT_PRIVATE_KEY: holds what looks like a file path, not a"
                + " key; give the key file's content (for example `JWT_PRIVATE_KEY=\"$(cat key.pem)\"`), or read the file");
    }

    @Test
    void anUnsetVariableIsRefusedNamingIt() {
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPrivateKey((String) null, null, "environment variable JWT_PRIVATE_KEY"));

        assertThat(thrown).hasMessageStartingWith("environment variable JWT_PRIVATE_KEY: is not set");
    }

    @Test
    void aRefusalFromTextNamesTheSourceNotTheContent() {
        String value = text("rsa1024-pkcs8.pem");

        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPrivateKey(value, null, "environment variable JWT_PRIVATE_KEY"));

        assertThat(thrown).hasMessageStartingWith("environment variable JWT_PRIVATE_KEY: RSA key is 1024 bits");
        assertLeaksNothing(thrown, key("rsa1024-pkcs8.pem"));
    }

    @Test
    void aDirectoryIsRefused(@TempDir Path directory) {
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPrivateKey(directory));

        assertThat(thrown).hasMessage(directory + ": is a directory, not a key file; give the key file's path");
    }

    @Test
    void aMissingFileIsRefusedWithTheWorkingDirectory(@TempDir Path directory) {
        Path missing = directory.resolve("key.pem");

        KeyFileException thrown = catchThrowableOfType(KeyFileException.class, () -> RsaKeys.readPrivateKey(missing));

        assertThat(thrown).hasMessageStartingWith(missing + ": no such file (relative paths start at ")
                .hasMessageEndingWith("); check the path");
    }

    @Test
    void anUnreadableFileIsRefused(@TempDir Path directory) throws Exception {
        // given a copy of a key nobody may read (skipped where permissions do not apply, e.g. as root)
        Path file = Files.copy(key("rsa2048-pkcs8.pem"), directory.resolve("key.pem"));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root: files stay readable");

        KeyFileException thrown = catchThrowableOfType(KeyFileException.class, () -> RsaKeys.readPrivateKey(file));

        assertThat(thrown).hasMessageStartingWith(file + ": cannot be read: permission denied");
    }

    @Test
    void aFileFarLargerThanAKeyIsNotReadWhole(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("big.pem");
        Files.write(file, new byte[RsaKeys.MAX_KEY_FILE_BYTES + 1]);

        KeyFileException thrown = catchThrowableOfType(KeyFileException.class, () -> RsaKeys.readPrivateKey(file));

        assertThat(thrown).hasMessage(file + ": is larger than 1024 KB; a key file is a few KB: check that this is the key file");
    }
}
