package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenParameterTest {

    private static final String TOKEN = BadTokenCorpus.jamfToken(TestKeys.TRUSTED.getPrivate(), TestKeys.CLOCK);
    private static final ContentTokenVerifier VERIFIER = ContentTokenVerifier.builder(TestKeys.TRUSTED.getPublic())
            .clock(TestKeys.CLOCK).build();

    @Test
    void everyUrlShapeGetsItsVerdictFromTheVerifier() {
        for (UrlShapes.Shape shape : UrlShapes.all(TOKEN)) {
            // given
            URI url = URI.create(shape.pathAndQuery("https://h/app.ipa", TOKEN));

            // when
            TokenRejectedException rejection = catchThrowableOfType(TokenRejectedException.class, () -> VERIFIER.verifyUrl(url));

            // then
            assertThat(Optional.ofNullable(rejection).map(TokenRejectedException::reason))
                    .as(shape.name()).isEqualTo(shape.rejected());
        }
    }

    @Test
    void everyUrlShapeIsRedactedWithoutItsSignature() {
        String signature = TOKEN.substring(TOKEN.lastIndexOf('.') + 1);
        for (UrlShapes.Shape shape : UrlShapes.all(TOKEN)) {
            if (shape.name().equals("similar name only")) {
                continue; // not a token parameter for any server: nothing to redact
            }
            URI url = URI.create(shape.pathAndQuery("https://h/app.ipa", TOKEN));

            assertThat(TokenParameter.redact(url)).as(shape.name()).doesNotContain(signature);
            assertThat(TokenParameter.redacted(url).toString()).as(shape.name()).doesNotContain(signature);
            assertThat(TokenParameter.withoutToken(url).toString()).as(shape.name()).doesNotContain(signature);
        }
    }

    @Test
    void aTokenNamedInAnotherLetterCaseIsReadRedactedAndReplaced() {
        URI url = URI.create("https://h/app.ipa?x=1&Token=" + TOKEN);

        assertThat(TokenParameter.single(url)).contains(TOKEN);
        assertThat(TokenParameter.redact(url)).isEqualTo("https://h/app.ipa?x=1&Token=" + ContentTokens.redact(TOKEN));
        assertThat(TokenParameter.withoutToken(url)).hasToString("https://h/app.ipa?x=1");
        assertThat(TokenParameter.withToken(url, "NEW")).hasToString("https://h/app.ipa?x=1&token=NEW");
    }

    @Test
    void singleIsEmptyForNoneSeveralOrAnEmptyToken() {
        assertThat(TokenParameter.single(URI.create("https://h/a.ipa?x=1"))).isEmpty();
        assertThat(TokenParameter.single(URI.create("https://h/a.ipa?token=A&tokenish=2&token=B"))).isEmpty();
        assertThat(TokenParameter.single(URI.create("https://h/a.ipa?token="))).isEmpty();
        assertThat(TokenParameter.rawValues(URI.create("https://h/a.ipa?x=1&token=A&tokenish=2&TOKEN=B")))
                .containsExactly("A", "B");
    }

    @Test
    void withTokenTakesThePlaceOfTheFirstAndDropsTheOthers() {
        URI url = URI.create("https://h/a%20b.ipa?x=%2F1&token=OLD&y=2&token=OLD2#frag");

        assertThat(TokenParameter.withToken(url, "NEW")).hasToString("https://h/a%20b.ipa?x=%2F1&token=NEW&y=2#frag");
        assertThat(TokenParameter.withToken(URI.create("https://h/a.ipa"), "NEW")).hasToString("https://h/a.ipa?token=NEW");
    }

    @Test
    void withTokenPercentEncodesWhatAQueryCannotHoldAndTheVerifierDecodesIt() {
        URI url = TokenParameter.withToken(URI.create("https://h/a.ipa"), "a b+c&d=é");

        assertThat(url.getRawQuery()).isEqualTo("token=a%20b%2Bc%26d%3D%C3%A9");
        assertThat(TokenParameter.single(url)).contains("a b+c&d=é");
    }

    @Test
    void withoutTokenKeepsOtherParametersAndFragmentByteForByte() {
        assertThat(TokenParameter.withoutToken(URI.create("https://h/a%20b.ipa?x=%2F1&token=A&y=2#frag")))
                .hasToString("https://h/a%20b.ipa?x=%2F1&y=2#frag");
        assertThat(TokenParameter.withoutToken(URI.create("https://h/a.ipa?token=A"))).hasToString("https://h/a.ipa");
    }

    @Test
    void aQueryOfOneParameterIsDroppedOnlyWhenItIsTheToken() {
        // The one-parameter path (no split) decides as the general one: any letter case, an
        // escaped name, nothing for a longer name or an escape that is not "token".
        for (String token : new String[] {"token=A", "Token=A", "TOKEN", "%74oken=A", "to%6Ben=A", "%54%4F%4B%45%4E=A"}) {
            assertThat(TokenParameter.withoutToken(token)).as(token).isNull();
            assertThat(TokenParameter.withoutToken("x=1&" + token)).as(token).isEqualTo("x=1");
        }
        for (String other : new String[] {"tokens=A", "toke=A", "t%6Fke=A", "%74oke=A", "tok%e=A", "x=token"}) {
            assertThat(TokenParameter.withoutToken(other)).as(other).isEqualTo(other);
            assertThat(TokenParameter.withoutToken("x=1&" + other)).as(other).isEqualTo("x=1&" + other);
        }
    }

    @Test
    void redactTakesTextThatIsNotAUrlAndLeavesUrlsWithoutATokenAlone() {
        assertThat(TokenParameter.redact("not a url ?token=" + TOKEN + " x")).doesNotContain(TOKEN.substring(TOKEN.lastIndexOf('.')));
        assertThat(TokenParameter.redact("https://h/a.ipa?x=1")).isEqualTo("https://h/a.ipa?x=1");
        assertThat(TokenParameter.redact("https://h/a.ipa;token=" + TOKEN)).doesNotContain(TOKEN);
    }
}
