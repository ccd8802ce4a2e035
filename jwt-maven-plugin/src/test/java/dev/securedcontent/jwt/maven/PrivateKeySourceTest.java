package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
    void missingKeyIsEmptyWhenOptional() throws Exception {
        assertThat(source(Map.of()).loadIfPresent()).isEmpty();
    }

    @Test
    void blankEnvironmentVariableCountsAsUnset() {
        assertThat(source(Map.of("JWT_PRIVATE_KEY", "  ")).isPresent()).isFalse();
    }

    @Test
    void environmentVariableMakesAKeyPresentWithoutAFile() {
        assertThat(source(Map.of("JWT_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----")).isPresent()).isTrue();
    }
}
