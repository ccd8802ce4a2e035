package dev.securedcontent.jwt.core;

import java.util.Objects;

/**
 * A content token was refused. The message is safe to log: it never contains the token's
 * signature (at most its decoded header and payload, see {@link ContentTokens#redact(String)}).
 */
public final class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the token was refused. */
    private final RejectionReason reason;

    TokenRejectedException(RejectionReason reason, String message) {
        super(reason + ": " + Objects.requireNonNull(message, "message"), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the token was refused. */
    public RejectionReason reason() {
        return reason;
    }
}
