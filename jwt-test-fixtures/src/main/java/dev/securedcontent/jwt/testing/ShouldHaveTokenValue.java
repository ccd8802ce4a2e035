package dev.securedcontent.jwt.testing;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Message of a header, claim or expiry that differs from the expected one. */
final class ShouldHaveTokenValue extends BasicErrorMessageFactory {

    private ShouldHaveTokenValue(String redactedToken, String what, Object expected, Object actual) {
        super("%nExpecting content token:%n  %s%nto have " + what + ":%n  %s%nbut had:%n  %s",
                redactedToken, expected, actual);
    }

    static ErrorMessageFactory shouldHaveTokenValue(String redactedToken, String what, Object expected, Object actual) {
        return new ShouldHaveTokenValue(redactedToken, what, expected, actual);
    }
}
