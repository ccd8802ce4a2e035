package dev.securedcontent.jwt.testing;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Message of a token that was expected to verify and did not. */
final class ShouldBeValidContentToken extends BasicErrorMessageFactory {

    private ShouldBeValidContentToken(String redactedToken, Object keys, Object reason, String detail) {
        super("%nExpecting content token:%n  %s%nto be valid for:%n  %s%nbut was rejected:%n  %s%n(%s)",
                redactedToken, keys, reason, detail);
    }

    static ErrorMessageFactory shouldBeValid(String redactedToken, Object keys, Object reason, String detail) {
        return new ShouldBeValidContentToken(redactedToken, keys, reason, detail);
    }
}
