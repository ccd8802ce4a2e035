package dev.securedcontent.jwt.testing;

import static dev.securedcontent.jwt.testing.ContentTokenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.securedcontent.jwt.core.RejectionReason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ContentTokenAssertionsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @RegisterExtension
    static final SecuredContentServerExtension SERVER = SecuredContentServerExtension.builder().clockStart(NOW).build();

    @Test
    void passesForAValidJamfToken(SecuredContent server) {
        assertThat(server.validToken())
                .usingClock(server.clock())
                .isValidFor(server.publicKey())
                .hasJamfShape()
                .hasAlgorithm("RS256")
                .hasIssuer("JSS")
                .hasSubject("AppManifest")
                .hasNoClaim("iat")
                .hasNoHeader("kid")
                .expiresWithin(Duration.ofMinutes(5))
                .expiresAfter(NOW)
                .expiresAt(NOW.plusSeconds(300));
    }

    @Test
    void failsValidityWithTheReasonAndNeverTheWholeToken(SecuredContent server) {
        String token = server.expiredToken();

        AssertionError error = failure(() -> assertThat(token).usingClock(server.clock()).isValidFor(server.publicKey()));

        Assertions.assertThat(error).hasMessageContaining(String.format("to be valid for:%n"))
                .hasMessageContaining(String.format("but was rejected:%n  EXPIRED"));
        assertNotLeaked(error, token);
    }

    @Test
    void passesWhenTheTokenIsRejectedForTheExpectedReason(SecuredContent server) {
        assertThat(server.expiredToken()).usingClock(server.clock())
                .isRejectedBecause(RejectionReason.EXPIRED, server.publicKey());
        assertThat(server.otherKeyToken()).usingClock(server.clock())
                .isRejectedBecause(RejectionReason.BAD_SIGNATURE, server.publicKey());
    }

    @Test
    void failsRejectionOfAnAcceptedTokenShowingExpectedAndActual(SecuredContent server) {
        String token = server.validToken();

        AssertionError error = failure(() -> assertThat(token).usingClock(server.clock())
                .isRejectedBecause(RejectionReason.EXPIRED, server.publicKey()));

        Assertions.assertThat(error).hasMessage(String.format(
                "%nExpecting content token:%n  \"%s\"%nto be rejected because:%n  EXPIRED%nbut was:%n  \"accepted\"",
                token.substring(0, token.lastIndexOf('.')) + ".<redacted>"));
    }

    @Test
    void failsRejectionForAnotherReasonNamingIt(SecuredContent server) {
        AssertionError error = failure(() -> assertThat(server.wrongIssuerToken()).usingClock(server.clock())
                .isRejectedBecause(RejectionReason.EXPIRED, server.publicKey()));

        Assertions.assertThat(error).hasMessageContaining(String.format("but was:%n  \"WRONG_ISSUER"));
    }

    @Test
    void failsAClaimShowingExpectedAndActualOnTheirOwnLines(SecuredContent server) {
        String token = server.wrongIssuerToken();

        AssertionError error = failure(() -> assertThat(token).hasIssuer("JSS"));

        Assertions.assertThat(error).hasMessage(String.format(
                "%nExpecting content token:%n  \"%s\"%nto have claim \"iss\":%n  \"JSS\"%nbut had:%n  \"jss\"",
                token.substring(0, token.lastIndexOf('.')) + ".<redacted>"));
    }

    @Test
    void failsExpiresWithinForALongerLifetime(SecuredContent server) {
        AssertionError error = failure(() -> assertThat(server.validToken()).usingClock(server.clock())
                .expiresWithin(Duration.ofMinutes(1)));

        Assertions.assertThat(error).hasMessageContaining(String.format("but had:%n  2026-03-01T10:05:00Z"));
    }

    @Test
    void failsExpiresWithinForAnExpiredToken(SecuredContent server) {
        assertThatThrownBy(() -> assertThat(server.expiredToken()).usingClock(server.clock())
                .expiresWithin(Duration.ofMinutes(10)))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void failsExpiresAfterForAnEarlierExpiry(SecuredContent server) {
        assertThatThrownBy(() -> assertThat(server.validToken()).expiresAfter(NOW.plusSeconds(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("an expiry after 2026-03-01T10:05:00Z");
    }

    @Test
    void readsTheTokenOfADownloadUrl(SecuredContent server) {
        assertThat(server.signedUrl("/apps/app.ipa")).usingClock(server.clock())
                .isValidFor(server.publicKey())
                .hasIssuer("JSS");
    }

    @Test
    void findsAUrlWithoutATokenMissing(SecuredContent server) {
        URI url = server.unsignedUrl("/apps/app.ipa");

        assertThat(url).isRejectedBecause(RejectionReason.MISSING, server.publicKey());
        Assertions.assertThat(failure(() -> assertThat(url).hasIssuer("JSS")))
                .hasMessageContaining("there is no token");
    }

    @Test
    void findsAUrlWithTwoTokensAmbiguous(SecuredContent server) {
        URI url = URI.create(server.signedUrl("/apps/app.ipa") + "&token=" + server.validToken());

        assertThat(url).usingClock(server.clock()).isRejectedBecause(RejectionReason.AMBIGUOUS, server.publicKey());
    }

    @Test
    void explainsWhySomethingIsNotAToken() {
        AssertionError error = failure(() -> assertThat("abc").hasIssuer("JSS"));

        Assertions.assertThat(error).hasMessageContaining("it has 1 dot-separated segment(s), a compact JWS has 3");
    }

    @Test
    void refusesToVerifyWithoutKeys(SecuredContent server) {
        assertThatThrownBy(() -> assertThat(server.validToken()).isValid())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usingKeys");
    }

    @Test
    void neverPrintsTheWholeTokenInAssertJsOwnMessages(SecuredContent server) {
        String token = server.validToken();

        AssertionError error = failure(() -> assertThat(token).isEqualTo("something else"));

        assertNotLeaked(error, token);
    }

    @Test
    void collectsEverySoftFailure(SecuredContent server) {
        String token = server.wrongSubjectToken();
        ContentTokenSoftAssertions softly = new ContentTokenSoftAssertions();

        softly.assertThat(token).hasIssuer("not JSS").hasSubject("AppManifest");
        softly.assertThat(server.unsignedUrl("/x")).hasSubject("AppManifest");

        Assertions.assertThat(softly.errorsCollected()).hasSize(3);
        AssertionError all = failure(softly::assertAll);
        Assertions.assertThat(all).hasMessageContaining("\"not JSS\"").hasMessageContaining("\"appmanifest\"");
        assertNotLeaked(all, token);
    }

    @Test
    void assertSoftlyFailsOnceForAllErrors(SecuredContent server) {
        AssertionError error = failure(() -> ContentTokenSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(server.wrongIssuerToken()).hasIssuer("JSS");
            softly.assertThat(server.wrongSubjectToken()).hasSubject("AppManifest");
        }));

        Assertions.assertThat(error).hasMessageContaining("Multiple Failures (2 failures)");
    }

    @Test
    void softAssertionsPassQuietly(SecuredContent server) {
        ContentTokenSoftAssertions.assertSoftly(softly -> softly.assertThat(server.validToken()).hasJamfShape());
    }

    private static AssertionError failure(ThrowingCallable callable) {
        Throwable thrown = catchThrowable(callable);
        Assertions.assertThat(thrown).isInstanceOf(AssertionError.class);
        return (AssertionError) thrown;
    }

    private static void assertNotLeaked(Throwable error, String token) {
        String signature = token.substring(token.lastIndexOf('.') + 1);
        Assertions.assertThat(error.getMessage()).doesNotContain(token).doesNotContain(signature);
    }
}
