package dev.securedcontent.jwt.testing;

import static dev.securedcontent.jwt.testing.ContentTokenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
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
    static final SecuredContentServerExtension SERVER = SecuredContentServerExtension.withOptions(ContentServerOptions.defaults().clockStart(NOW));

    @Test
    void passesForAValidJamfToken(ContentServer server) {
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
    void failsValidityWithTheReasonAndNeverTheWholeToken(ContentServer server) {
        String token = server.expiredToken();

        AssertionError error = failure(() -> assertThat(token).usingClock(server.clock()).isValidFor(server.publicKey()));

        Assertions.assertThat(error).hasMessageContaining(String.format("to be valid for:%n"))
                .hasMessageContaining(String.format("but was rejected:%n  EXPIRED"));
        assertNotLeaked(error, token);
    }

    @Test
    void passesWhenTheTokenIsRejectedForTheExpectedReason(ContentServer server) {
        assertThat(server.expiredToken()).usingClock(server.clock())
                .isRejectedBecause(RejectionReason.EXPIRED, server.publicKey());
        assertThat(server.otherKeyToken()).usingClock(server.clock())
                .isRejectedBecause(RejectionReason.BAD_SIGNATURE, server.publicKey());
    }

    @Test
    void failsRejectionOfAnAcceptedTokenShowingExpectedAndActual(ContentServer server) {
        String token = server.validToken();

        AssertionError error = failure(() -> assertThat(token).usingClock(server.clock())
                .isRejectedBecause(RejectionReason.EXPIRED, server.publicKey()));

        Assertions.assertThat(error).hasMessage(String.format(
                "%nExpecting content token:%n  \"%s\"%nto be rejected because:%n  EXPIRED%nbut was:%n  \"accepted\"",
                token.substring(0, token.lastIndexOf('.')) + ".<redacted>"));
    }

    @Test
    void failsRejectionForAnotherReasonNamingIt(ContentServer server) {
        AssertionError error = failure(() -> assertThat(server.wrongIssuerToken()).usingClock(server.clock())
                .isRejectedBecause(RejectionReason.EXPIRED, server.publicKey()));

        Assertions.assertThat(error).hasMessageContaining(String.format("but was:%n  \"WRONG_ISSUER"));
    }

    @Test
    void failsAClaimShowingExpectedAndActualOnTheirOwnLines(ContentServer server) {
        String token = server.wrongIssuerToken();

        AssertionError error = failure(() -> assertThat(token).hasIssuer("JSS"));

        Assertions.assertThat(error).hasMessage(String.format(
                "%nExpecting content token:%n  \"%s\"%nto have claim \"iss\":%n  \"JSS\"%nbut had:%n  \"jss\"",
                token.substring(0, token.lastIndexOf('.')) + ".<redacted>"));
    }

    @Test
    void failsExpiresWithinForALongerLifetime(ContentServer server) {
        AssertionError error = failure(() -> assertThat(server.validToken()).usingClock(server.clock())
                .expiresWithin(Duration.ofMinutes(1)));

        Assertions.assertThat(error).hasMessageContaining(String.format("but had:%n  2026-03-01T10:05:00Z"));
    }

    @Test
    void failsExpiresWithinForAnExpiredToken(ContentServer server) {
        assertThatThrownBy(() -> assertThat(server.expiredToken()).usingClock(server.clock())
                .expiresWithin(Duration.ofMinutes(10)))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void failsExpiresAfterForAnEarlierExpiry(ContentServer server) {
        assertThatThrownBy(() -> assertThat(server.validToken()).expiresAfter(NOW.plusSeconds(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("an expiry after 2026-03-01T10:05:00Z");
    }

    @Test
    void readsTheTokenOfADownloadUrl(ContentServer server) {
        assertThat(server.signedUrl("/apps/app.ipa")).usingClock(server.clock())
                .isValidFor(server.publicKey())
                .hasIssuer("JSS");
    }

    @Test
    void findsAUrlWithoutATokenMissing(ContentServer server) {
        URI url = server.unsignedUrl("/apps/app.ipa");

        assertThat(url).isRejectedBecause(RejectionReason.MISSING, server.publicKey());
        Assertions.assertThat(failure(() -> assertThat(url).hasIssuer("JSS")))
                .hasMessageContaining("there is no token");
    }

    @Test
    void findsAUrlWithTwoTokensAmbiguous(ContentServer server) {
        URI url = URI.create(server.signedUrl("/apps/app.ipa") + "&token=" + server.validToken());

        assertThat(url).usingClock(server.clock()).isRejectedBecause(RejectionReason.AMBIGUOUS, server.publicKey());
    }

    @Test
    void explainsWhySomethingIsNotAToken() {
        AssertionError error = failure(() -> assertThat("abc").hasIssuer("JSS"));

        Assertions.assertThat(error).hasMessageContaining("it has 1 dot-separated segment(s), a compact JWS has 3");
    }

    @Test
    void refusesToVerifyWithoutKeys(ContentServer server) {
        assertThatThrownBy(() -> assertThat(server.validToken()).isValid())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usingKeys");
    }

    @Test
    void neverPrintsTheWholeTokenInAssertJsOwnMessages(ContentServer server) {
        String token = server.validToken();

        AssertionError error = failure(() -> assertThat(token).isEqualTo("something else"));

        assertNotLeaked(error, token);
    }

    @Test
    void collectsEverySoftFailure(ContentServer server) {
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
    void assertSoftlyFailsOnceForAllErrors(ContentServer server) {
        AssertionError error = failure(() -> ContentTokenSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(server.wrongIssuerToken()).hasIssuer("JSS");
            softly.assertThat(server.wrongSubjectToken()).hasSubject("AppManifest");
        }));

        Assertions.assertThat(error).hasMessageContaining("Multiple Failures (2 failures)");
    }

    @Test
    void softAssertionsPassQuietly(ContentServer server) {
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
