package dev.securedcontent.jwt.server;

import dev.securedcontent.jwt.core.RejectionReason;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the content server received, with the token check's verdict: what a web server's access
 * log would say about it. The token itself is never kept, only its redacted form.
 *
 * @param method          HTTP method, e.g. {@code GET}, {@code HEAD}
 * @param path            the path without the query, as sent (still percent-encoded)
 * @param range           the {@code Range} header, if any
 * @param status          the status the server answered with
 * @param tokenChecked    {@code false} when the server runs with the token check off
 * @param rejectionReason why the token was refused; empty when it was accepted or not checked
 * @param redactedToken   the token as {@code header.payload.<redacted>}; empty when none was sent
 */
public record ReceivedRequest(
        String method,
        String path,
        Optional<String> range,
        int status,
        boolean tokenChecked,
        Optional<RejectionReason> rejectionReason,
        Optional<String> redactedToken) {

    /** Refuses null components: an absent value is an empty {@code Optional}. */
    public ReceivedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(rejectionReason, "rejectionReason");
        Objects.requireNonNull(redactedToken, "redactedToken");
    }

    /** True when the token was checked and accepted. */
    public boolean accepted() {
        return tokenChecked && rejectionReason.isEmpty();
    }

    /** One access-log line, e.g. {@code GET /app.ipa [bytes=0-9] -> 403 EXPIRED}. */
    @Override
    public String toString() {
        return method + " " + path
                + range.map(r -> " [" + r + "]").orElse("")
                + " -> " + status
                + (tokenChecked ? rejectionReason.map(r -> " " + r).orElse(" token accepted") : " token not checked");
    }
}
