package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** verifyQuery: the token of a raw query string as a servlet container hands it over. */
class ContentTokenVerifierQueryTest {
    private final ContentTokenVerifier verifier = ContentTokenVerifier.builder(TestKeys.TRUSTED.getPublic())
            .clock(TestKeys.CLOCK).build();
    private final String token = BadTokenCorpus.jamfToken(TestKeys.TRUSTED.getPrivate(), TestKeys.CLOCK);

    @Test
    void aQueryThatIsNoValidUriStillHasItsTokenVerified() throws Exception {
        String rawQuery = "path=a|b c&token=" + token;

        assertThat(verifier.verifyQuery(rawQuery).expiresAt()).isAfter(TestKeys.NOW);
    }

    @Test
    void noQueryIsMissingAndTheUrlRulesHoldForQueries() {
        for (UrlShapes.Shape shape : UrlShapes.all(token)) {
            RejectionReason fromQuery = reasonOf(() -> verifier.verifyQuery(shape.query(token)));
            RejectionReason fromUrl = reasonOf(() -> verifier.verifyUrl(URI.create(shape.pathAndQuery("/a.pkg", token))));

            assertThat(fromQuery).as(shape.name()).isEqualTo(fromUrl).isEqualTo(shape.rejected().orElse(null));
        }
        assertThatThrownBy(() -> verifier.verifyQuery(null)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING));
    }

    private interface Verification {
        void run() throws TokenRejectedException;
    }

    private static RejectionReason reasonOf(Verification verification) {
        try {
            verification.run();
            return null;
        } catch (TokenRejectedException e) {
            return e.reason();
        }
    }
}
