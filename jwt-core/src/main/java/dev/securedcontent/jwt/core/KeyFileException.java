package dev.securedcontent.jwt.core;

/**
 * A key could not be read, written or used. The message names the file (or other source, such as
 * an environment variable), what is wrong, and the fix; it never contains key material or a
 * passphrase.
 */
public final class KeyFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyFileException(String message) {
        super(message);
    }

    KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
