package dev.securedcontent.jwt.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.securedcontent.jwt.core.RsaKeys;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each case is one row: every field is there, the fields agree with each other, and the row's
 * {@code needs} is what its token really takes (so a case is skipped exactly when it cannot run).
 */
class AuditCaseTest {

    private static final KeyPair KEYS = RsaKeys.generate(2048);
    private static final RSAPrivateCrtKey PRIVATE = (RSAPrivateCrtKey) KEYS.getPrivate();
    private static final RSAPublicKey PUBLIC = (RSAPublicKey) KEYS.getPublic();
    private static final String GIVEN = new TokenForge(Clock.systemUTC(), Optional.of(PRIVATE), Optional.empty(),
            Optional.empty()).tokenFor(AuditCase.VALID_GET).orElseThrow();

    /** For each need, a forge holding only that: a token that takes more throws. */
    private static final Map<AuditCase.Needs, TokenForge> ONLY = Map.of(
            AuditCase.Needs.NOTHING, forge(Optional.empty(), Optional.empty(), Optional.empty()),
            AuditCase.Needs.PUBLIC_KEY, forge(Optional.empty(), Optional.of(PUBLIC), Optional.empty()),
            AuditCase.Needs.VALID_TOKEN, forge(Optional.empty(), Optional.empty(), Optional.of(GIVEN)),
            AuditCase.Needs.PRIVATE_KEY, forge(Optional.of(PRIVATE), Optional.empty(), Optional.empty()));

    @ParameterizedTest
    @EnumSource(AuditCase.class)
    void everyCaseHasEveryField(AuditCase c) {
        assertThat(c.severity()).isNotNull();
        assertThat(c.needs()).isNotNull();
        assertThat(c.method()).isNotNull();
        assertThat(c.range()).isNotNull();
        assertThat(c.path()).isNotNull();
        assertThat(c.token()).isNotNull();
        assertThat(c.expect()).isNotNull();
        assertThat(c.shape()).isNotNull();
        assertThat(c.rule()).isNotBlank();
        assertThat(c.fix()).isNotBlank().endsWith(".");
    }

    @ParameterizedTest
    @EnumSource(AuditCase.class)
    void theFieldsAgree(AuditCase c) {
        assertThat(c.method() == AuditCase.Method.NONE).as("no request of its own iff judged over all answers")
                .isEqualTo(c.expect() == AuditCase.Expect.NOT_ECHOED);
        assertThat(c.range() == AuditCase.Range.EXPECTED_CONTENT).as("reads the expected bytes iff it compares them")
                .isEqualTo(c.expect() == AuditCase.Expect.SERVED_CONTENT);
        assertThat(c.shape().isPresent()).as("a served deviation names the shape its refusal breaks")
                .isEqualTo(c.expect() == AuditCase.Expect.SERVED && c.severity() == AuditCase.Severity.DEVIATION);
        if (c.path() != AuditCase.PathVariant.AS_GIVEN) {
            assertThat(c.expect()).as("another spelling of the path is judged as not served")
                    .isEqualTo(AuditCase.Expect.NOT_SERVED);
        }
    }

    @ParameterizedTest
    @EnumSource(AuditCase.class)
    void aCaseTokenTakesNoMoreThanItsNeeds(AuditCase c) {
        assertThatCode(() -> ONLY.get(c.needs()).tokenFor(c)).as(c.id() + " needs " + c.needs())
                .doesNotThrowAnyException();
    }

    @Test
    void casesWithoutATokenNeedNothing() {
        TokenForge nothing = ONLY.get(AuditCase.Needs.NOTHING);
        for (AuditCase c : AuditCase.values()) {
            if (c.needs() == AuditCase.Needs.NOTHING && c.expect() != AuditCase.Expect.NOT_ECHOED) {
                assertThat(nothing.tokenFor(c).isPresent()).as(c.id())
                        .isEqualTo(!c.id().startsWith("no-token-") && !c.id().startsWith("path-"));
            }
        }
    }

    private static TokenForge forge(Optional<RSAPrivateCrtKey> key, Optional<RSAPublicKey> publicKey,
            Optional<String> given) {
        return new TokenForge(Clock.systemUTC(), key, publicKey, given);
    }
}
