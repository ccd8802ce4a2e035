package dev.securedcontent.jwt.gateway;

/**
 * Input the admin must fix (a missing or wrong key file, an unreadable root, a port in use, TLS
 * files that do not match): the command prints the message, which names the value and the fix,
 * and exits with status 2, never with a stack trace.
 */
final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
        super(message, null, false, false);
    }
}
