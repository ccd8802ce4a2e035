package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.ContentTokens;
import java.util.Objects;

/**
 * One check jwt:verify made: what was checked (source file and location in it), how it came out,
 * and for a failure what to do. Anything shaped like a token in the text is redacted on the way in,
 * so no finding can carry a token's signature into a log or report.
 *
 * @param source   the file, or {@code command line} for {@code -Djwt.url} / {@code -Djwt.token}
 * @param location where in the source: {@code line 3}, a plist key path, an asset URL (redacted)
 * @param check    which check: {@code token}, {@code remaining validity}, {@code https}, {@code sha256s}, ...
 * @param status   passed, failed or skipped
 * @param detail   what was found
 * @param fix      what to do; empty unless failed
 */
record CheckResult(String source, String location, String check, Status status, String detail, String fix) {

    /** How a check came out. */
    enum Status {
        PASSED,
        FAILED,
        /** Could not be checked (e.g. no local file for a hash, no private key for an expired probe token). */
        SKIPPED
    }

    CheckResult {
        Objects.requireNonNull(status, "status");
        source = scrub(source);
        location = scrub(location);
        check = scrub(check);
        detail = scrub(detail);
        fix = scrub(fix);
    }

    static CheckResult passed(String source, String location, String check, String detail) {
        return new CheckResult(source, location, check, Status.PASSED, detail, "");
    }

    static CheckResult failed(String source, String location, String check, String detail, String fix) {
        return new CheckResult(source, location, check, Status.FAILED, detail, fix);
    }

    static CheckResult skipped(String source, String location, String check, String detail) {
        return new CheckResult(source, location, check, Status.SKIPPED, detail, "");
    }

    boolean isFailure() {
        return status == Status.FAILED;
    }

    /** One line for the build failure: file, location, check, reason, fix. */
    String line() {
        String ending = fix.isEmpty() || detail.endsWith(".") ? "" : ".";
        return source + (location.isEmpty() ? "" : " " + location) + " [" + check + "]: " + detail + ending
                + (fix.isEmpty() ? "" : " Fix: " + fix);
    }

    /** Replaces everything token-shaped in {@code text} with its redacted form. */
    static String scrub(String text) {
        return ContentTokens.redactAll(text);
    }
}
