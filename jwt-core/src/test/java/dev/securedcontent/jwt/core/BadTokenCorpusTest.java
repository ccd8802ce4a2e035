package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BadTokenCorpusTest {
    private static final List<BadTokenCorpus.Case> CASES =
            BadTokenCorpus.cases(TestKeys.TRUSTED, TestKeys.UNTRUSTED, TestKeys.CLOCK);
    private final ContentTokenVerifier verifier = BadTokenCorpus.verifier(TestKeys.TRUSTED, TestKeys.CLOCK);

    static List<BadTokenCorpus.Case> cases() {
        return CASES;
    }

    static List<BadTokenCorpus.Valid> validTokens() {
        return BadTokenCorpus.validTokens(TestKeys.TRUSTED, TestKeys.CLOCK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyBadTokenIsRejectedForItsReason(BadTokenCorpus.Case badToken) {
        TokenRejectedException rejection =
                catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(badToken.token()));

        assertThat(rejection).as(badToken.name()).isNotNull();
        assertThat(rejection.reason()).as(badToken.name() + ": " + rejection.getMessage()).isEqualTo(badToken.expected());
        assertThat(rejection.getMessage()).startsWith(badToken.expected() + ": ").contains("; ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void noRejectionMessageContainsTheSignatureOrTheToken(BadTokenCorpus.Case badToken) {
        TokenRejectedException rejection =
                catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(badToken.token()));

        String[] segments = badToken.token().split("\\.", -1);
        if (segments.length >= 3 && segments[2].length() >= 8) {
            assertThat(rejection.getMessage()).doesNotContain(segments[2].substring(0, 8));
        }
        if (badToken.token().length() >= 8) {
            assertThat(rejection.getMessage()).doesNotContain(badToken.token());
        }
        // Header or payload text reaches a message only as short quoted ASCII, never as a segment.
        if (segments.length >= 2 && segments[1].length() >= 16) {
            assertThat(rejection.getMessage()).doesNotContain(segments[1]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validTokens")
    void oddButValidTokensAreAccepted(BadTokenCorpus.Valid valid) throws TokenRejectedException {
        VerifiedContentToken token = verifier.verify(valid.token());

        assertThat(token.issuer()).isEqualTo("JSS");
        assertThat(token.subject()).isEqualTo("AppManifest");
    }

    @Test
    void theCorpusHasAtLeastFortyUniquelyNamedCases() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(40);
        assertThat(CASES.stream().map(BadTokenCorpus.Case::name).collect(Collectors.toSet())).hasSameSizeAs(CASES);
    }

    @Test
    void theCorpusCoversEveryReasonATokenAloneCanCause() {
        Set<RejectionReason> covered = CASES.stream().map(BadTokenCorpus.Case::expected)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectionReason.class)));

        // AMBIGUOUS is about URLs (repeated parameter), covered by the verifyUrl tests.
        assertThat(covered).containsAll(EnumSet.complementOf(EnumSet.of(RejectionReason.AMBIGUOUS)));
    }

    @Test
    void theCorpusIsDeterministicForAFixedClockAndKeys() {
        List<BadTokenCorpus.Case> again = BadTokenCorpus.cases(TestKeys.TRUSTED, TestKeys.UNTRUSTED, TestKeys.CLOCK);

        assertThat(again).isEqualTo(CASES);
    }
}
