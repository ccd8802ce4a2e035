package dev.securedcontent.jwt.testing;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Message of something that cannot even be read as a token (absent, or not a compact JWS). */
final class ShouldBeContentToken extends BasicErrorMessageFactory {

    private ShouldBeContentToken(String source, String problem) {
        super("%nExpecting a content token (compact JWS: base64url JSON header, payload, signature) in:%n  %s%nbut:%n  %s",
                source, problem);
    }

    static ErrorMessageFactory shouldBeContentToken(String source, String problem) {
        return new ShouldBeContentToken(source, problem);
    }
}
