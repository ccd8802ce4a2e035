package dev.securedcontent.jwt.core;

/**
 * JSON text that {@link Json} refuses. The message names the position and the problem, never any
 * of the input (a token's payload or a key file's content must not reach a log).
 */
final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    MalformedJsonException(int position, String problem) {
        super("invalid JSON at character " + position + ": " + problem, null, false, false);
        this.position = position;
    }

    /** Zero-based index into the parsed text where the problem was found. */
    int position() {
        return position;
    }

    /** The problem and its position, without the "invalid JSON" prefix. */
    String problem() {
        String message = getMessage();
        return message.substring("invalid JSON ".length());
    }
}
