package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Jamf-form payloads skip the JSON reader; the verdict and the claims must be exactly what the
 * reader gives, and anything that only looks like Jamf's form must still go through the reader.
 */
class JamfPayloadFastPathTest {
    private static final String HEADER = "{\"alg\":\"RS256\"}";
    private final ContentTokenVerifier verifier =
            ContentTokenVerifier.builder(TestKeys.TRUSTED.getPublic()).clock(TestKeys.CLOCK).build();
    private final long now = TestKeys.NOW.getEpochSecond();

    @Test
    void aJamfTokenGivesTheClaimsTheJsonReaderGives() throws Exception {
        String payload = BadTokenCorpus.jamfPayload(TestKeys.CLOCK, 300);
        String token = RawJws.rs256(HEADER, payload, TestKeys.TRUSTED.getPrivate());

        VerifiedContentToken verified = verifier.verify(token);

        assertThat(verified.claims()).isEqualTo(Json.parseObject(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(verified.claims()).containsKeys("sub", "iss", "exp");
        assertThat(verified.claims().get("exp")).isEqualTo(now + 300);
        assertThat(verified.expiresAt().getEpochSecond()).isEqualTo(now + 300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0%d", "%d ", " %d", "+%d", "%d.0", "%de0", "\"%d\""})
    void nearJamfPayloadsAreJudgedByTheStrictReader(String expFormat) {
        String exp = String.format(expFormat, now + 300);
        String token = RawJws.rs256(HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + exp + "}",
                TestKeys.TRUSTED.getPrivate());

        TokenRejectedException rejected = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token));

        // " N" and "N " are legal JSON whitespace; every other variant is not an integer NumericDate.
        if (exp.isBlank() || exp.trim().equals(Long.toString(now + 300))) {
            assertThat(rejected).isNull();
        } else {
            assertThat(rejected).isNotNull();
            assertThat(rejected.reason()).isEqualTo(RejectionReason.MALFORMED);
        }
    }

    @Test
    void anExpBeyondEighteenDigitsIsLeftToTheReader() {
        String token = RawJws.rs256(HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":99999999999999999999}",
                TestKeys.TRUSTED.getPrivate());

        TokenRejectedException rejected = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token));

        assertThat(rejected.reason()).isEqualTo(RejectionReason.MALFORMED);
        assertThat(rejected).hasMessageContaining("beyond 64 bits");
    }

    @Test
    void anExpOfEighteenDigitsIsFarBeyondTheLifetimeCap() {
        String token = RawJws.rs256(HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":999999999999999999}",
                TestKeys.TRUSTED.getPrivate());

        TokenRejectedException rejected = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token));

        assertThat(rejected.reason()).isEqualTo(RejectionReason.LIFETIME_TOO_LONG);
    }
}
