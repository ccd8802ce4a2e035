package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Finds the content-token private key where a build may keep it (an environment variable holding
 * the PEM, else a file) and its passphrase (an environment variable, else a settings.xml server's
 * decrypted password), without ever letting the key or the passphrase into a message.
 */
final class PrivateKeySource {

    /** Looks up a settings.xml server's decrypted password; empty when there is no such server. */
    @FunctionalInterface
    interface ServerPasswords {
        Optional<char[]> passwordOf(String serverId) throws MojoFailureException;
    }

    /** A loaded key and where it came from, e.g. {@code file /p/key.pem}; the description is safe to log. */
    record LoadedKey(RSAPrivateCrtKey key, String description) {}

    private final Path file;
    private final String keyEnv;
    private final String passphraseEnv;
    private final String serverId;
    private final Function<String, String> environment;
    private final ServerPasswords serverPasswords;

    PrivateKeySource(
            Path file,
            String keyEnv,
            String passphraseEnv,
            String serverId,
            Function<String, String> environment,
            ServerPasswords serverPasswords) {
        this.file = Objects.requireNonNull(file, "file");
        this.keyEnv = keyEnv;
        this.passphraseEnv = passphraseEnv;
        this.serverId = serverId;
        this.environment = Objects.requireNonNull(environment, "environment");
        this.serverPasswords = Objects.requireNonNull(serverPasswords, "serverPasswords");
    }

    /**
     * The configured environment variables (key, passphrase) that hold a value, whether or not it
     * is used: Maven at {@code -X} prints every environment variable (maven-resources-plugin's
     * "properties used"), so their values are in that log. Names only, never values.
     */
    List<String> secretsInEnvironment() {
        List<String> set = new ArrayList<>();
        for (String name : new String[] {keyEnv, passphraseEnv}) {
            if (!isBlank(name) && !set.contains(name) && !isBlank(environment.apply(name))) {
                set.add(name);
            }
        }
        return List.copyOf(set);
    }

    /** Where the key would be looked for, for messages: never the key itself. */
    String describeLookup() {
        return (isBlank(keyEnv) ? "" : "environment variable " + keyEnv + " (unset), ") + "file " + file;
    }

    /** True when the environment variable or the file holds something to read. */
    boolean isPresent() {
        return envKey().isPresent() || Files.exists(file);
    }

    /** The key, or empty when neither the environment variable nor the file exists. */
    Optional<LoadedKey> loadIfPresent() throws MojoFailureException, MojoExecutionException {
        return isPresent() ? Optional.of(load()) : Optional.empty();
    }

    /** The key; a missing key is a failure that names every place looked at. */
    LoadedKey load() throws MojoFailureException, MojoExecutionException {
        Optional<String> pem = envKey();
        if (pem.isEmpty() && !Files.exists(file)) {
            throw new MojoFailureException("No content-token private key: looked in " + describeLookup()
                    + ". Fix: run jwt:keygen, set jwt.privateKeyFile to the key file, or put the PEM in "
                    + "environment variable " + (isBlank(keyEnv) ? "JWT_PRIVATE_KEY" : keyEnv) + ".");
        }
        String description = pem.isPresent() ? "environment variable " + keyEnv : "file " + file;
        Passphrase passphrase = passphrase();
        char[] secret = passphrase.value();
        try {
            RSAPrivateCrtKey key = pem.isPresent()
                    ? RsaKeys.readPrivateKey(pem.get(), secret, description)
                    : RsaKeys.readPrivateKey(file, secret);
            return new LoadedKey(key, description);
        } catch (KeyFileException e) {
            String message = e.getMessage() + " (private key: " + description + "; passphrase: "
                    + passphrase.description() + ")";
            if (e.getCause() instanceof IOException || e.getCause() instanceof UncheckedIOException) {
                throw new MojoExecutionException(message, e);
            }
            throw new MojoFailureException(message, e);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private Optional<String> envKey() {
        if (isBlank(keyEnv)) {
            return Optional.empty();
        }
        String value = environment.apply(keyEnv);
        return isBlank(value) ? Optional.empty() : Optional.of(value);
    }

    /** A passphrase (or none) and a description of its source that is safe to log. */
    private record Passphrase(char[] value, String description) {}

    private Passphrase passphrase() throws MojoFailureException {
        if (!isBlank(passphraseEnv)) {
            String value = environment.apply(passphraseEnv);
            if (!isBlank(value)) {
                return new Passphrase(value.toCharArray(), "environment variable " + passphraseEnv);
            }
        }
        if (!isBlank(serverId)) {
            Optional<char[]> password = serverPasswords.passwordOf(serverId);
            if (password.isPresent()) {
                return new Passphrase(password.get(), "settings.xml server '" + serverId + "'");
            }
        }
        return new Passphrase(null, "none given (environment variable "
                + (isBlank(passphraseEnv) ? "JWT_PRIVATE_KEY_PASSPHRASE" : passphraseEnv)
                + " unset, no settings.xml server '" + serverId + "')");
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
