package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeySourceTest {

    @TempDir
    Path dir;

    private PrivateKeySource source(Map<String, String> env) {
        return new PrivateKeySource(dir.resolve("missing.key.pem"), "JWT_PRIVATE_KEY", "JWT_PRIVATE_KEY_PASSPHRASE",
                "jwt-content-token", env::get, id -> Optional.empty());
    }

    @Test
    void missingKeyNamesEveryPlaceLookedAtAndTheFix() {
        assertThatThrownBy(() -> source(Map.of()).load())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContainingAll("environment variable JWT_PRIVATE_KEY", "missing.key.pem", "jwt:keygen");
    }

    @Test
    void aFifoAsTheKeyFileFailsTheBuildAtOnceNamingIt() throws Exception {
        // given a FIFO where the key file should be (jwt:keygen -Djwt.ifMissing=true loads an existing key)
        Path fifo = dir.resolve("fifo.pem");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "mkfifo is not available here");
            return;
        }
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo could not make a FIFO");
        PrivateKeySource source = new PrivateKeySource(fifo, "K", "P", "srv", Map.<String, String>of()::get,
                id -> Optional.empty());

        // when / then: refused without waiting for a writer, as something the user must fix
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(source::loadIfPresent)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith(fifo + ": is a FIFO (named pipe), not a key file; give the key file's path"));
    }

    @Test
    void missingKeyIsEmptyWhenOptional() throws Exception {
        assertThat(source(Map.of()).loadIfPresent()).isEmpty();
    }

    @Test
    void blankEnvironmentVariableCountsAsUnset() {
        assertThat(source(Map.of("JWT_PRIVATE_KEY", "  ")).isPresent()).isFalse();
    }

    private static final String PASSPHRASE = "it-pass-Zq7Wm3";

    private static Path encryptedKey() throws Exception {
        return Path.of(PrivateKeySourceTest.class.getResource("/encrypted.key.pem").toURI());
    }

    @Test
    void environmentVariableWinsOverTheFile() throws Exception {
        String pem = Files.readString(encryptedKey());
        PrivateKeySource source = new PrivateKeySource(dir.resolve("missing.key.pem"), "K", "P", "srv",
                Map.of("K", pem, "P", PASSPHRASE)::get, id -> Optional.empty());

        PrivateKeySource.LoadedKey key = source.load();

        assertThat(key.description()).isEqualTo("environment variable K");
        assertThat(key.key().getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void settingsServerPasswordIsThePassphraseWhenTheEnvironmentHasNone() throws Exception {
        PrivateKeySource source = new PrivateKeySource(encryptedKey(), "K", "P", "srv", Map.<String, String>of()::get,
                id -> id.equals("srv") ? Optional.of(PASSPHRASE.toCharArray()) : Optional.empty());

        assertThat(source.load().description()).startsWith("file ");
    }

    @Test
    void wrongPassphraseNamesItsSourceButNeverItsValue() throws Exception {
        PrivateKeySource source = new PrivateKeySource(encryptedKey(), "K", "P", "srv",
                Map.of("P", "wrong-secret-value")::get, id -> Optional.of(PASSPHRASE.toCharArray()));

        assertThatThrownBy(source::load)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("passphrase: environment variable P")
                .hasMessageNotContaining("wrong-secret-value")
                .hasMessageNotContaining(PASSPHRASE);
    }

    @Test
    void encryptedKeyWithoutPassphraseSaysWhereOneCouldComeFrom() throws Exception {
        PrivateKeySource source = new PrivateKeySource(encryptedKey(), "K", "P", "srv", Map.<String, String>of()::get,
                id -> Optional.empty());

        assertThatThrownBy(source::load)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("passphrase: none given (environment variable P unset, no settings.xml server 'srv')");
    }

    @Test
    void environmentVariableMakesAKeyPresentWithoutAFile() {
        assertThat(source(Map.of("JWT_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----")).isPresent()).isTrue();
    }

    @Test
    void secretsInEnvironmentNamesEverySetVariableButNeverItsValue() {
        // Maven at -X prints these whether or not the key is read from them.
        assertThat(source(Map.of("JWT_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----", "JWT_PRIVATE_KEY_PASSPHRASE", "p"))
                        .secretsInEnvironment())
                .containsExactly("JWT_PRIVATE_KEY", "JWT_PRIVATE_KEY_PASSPHRASE");
        assertThat(source(Map.of("JWT_PRIVATE_KEY_PASSPHRASE", "p")).secretsInEnvironment())
                .containsExactly("JWT_PRIVATE_KEY_PASSPHRASE");
    }

    @Test
    void secretsInEnvironmentIsEmptyForTheKeyFileAndSettingsPath() {
        assertThat(source(Map.of("JWT_PRIVATE_KEY", " ", "OTHER", "x")).secretsInEnvironment()).isEmpty();
        assertThat(new PrivateKeySource(dir.resolve("k.pem"), null, null, "srv", Map.of("K", "v")::get,
                        id -> Optional.empty())
                .secretsInEnvironment())
                .isEmpty();
    }
}
