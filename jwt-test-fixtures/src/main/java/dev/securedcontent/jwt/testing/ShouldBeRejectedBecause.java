package dev.securedcontent.jwt.testing;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Message of a token that was expected to be refused for one reason and was accepted or refused for another. */
final class ShouldBeRejectedBecause extends BasicErrorMessageFactory {

    private ShouldBeRejectedBecause(String redactedToken, Object expected, Object actual) {
        super("%nExpecting content token:%n  %s%nto be rejected because:%n  %s%nbut was:%n  %s",
                redactedToken, expected, actual);
    }

    static ErrorMessageFactory shouldBeRejectedBecause(String redactedToken, Object expected, Object actual) {
        return new ShouldBeRejectedBecause(redactedToken, expected, actual);
    }
}
