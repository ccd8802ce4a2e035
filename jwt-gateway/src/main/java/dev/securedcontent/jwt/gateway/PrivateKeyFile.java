package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;

/** A private key file given on the command line; its passphrase only ever from the environment. */
final class PrivateKeyFile {
    /** The same variable jwt:sign reads. */
    static final String PASSPHRASE_ENV = "JWT_PRIVATE_KEY_PASSPHRASE";

    private PrivateKeyFile() {}

    static RSAPrivateCrtKey read(String option, Path file) {
        ServerOptions.requireFile(option, file);
        String passphrase = System.getenv(PASSPHRASE_ENV);
        try {
            return RsaKeys.readPrivateKey(file, passphrase == null ? null : passphrase.toCharArray());
        } catch (KeyFileException e) {
            throw new BadInput(option + " " + e.getMessage() + (passphrase == null && e.getMessage().contains("ncrypt")
                    ? " (set its passphrase in the environment variable " + PASSPHRASE_ENV + ")" : ""));
        }
    }
}
