package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of a valid token: every changed token is refused, and only ever with a
 * {@link TokenRejectedException} (no parser or provider exception escapes). Strict base64url makes
 * the first property exact: a token has one spelling, so any change alters the signed bytes.
 */
class TokenMutationTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ %\u00e9\u0000";

    @Test
    void everyMutationOfAValidTokenIsRejectedCleanly() throws TokenRejectedException {
        ContentTokenVerifier verifier = BadTokenCorpus.verifier(TestKeys.TRUSTED, TestKeys.CLOCK);
        String valid = BadTokenCorpus.jamfToken(TestKeys.TRUSTED.getPrivate(), TestKeys.CLOCK);
        verifier.verify(valid);
        Random random = new Random(20260301L);
        int rejected = 0;

        for (int i = 0; i < 3000; i++) {
            String mutated = mutate(valid, random);
            if (mutated.equals(valid)) {
                continue;
            }
            try {
                verifier.verify(mutated);
                throw new AssertionError("mutation #" + i + " was accepted: " + ContentTokens.redact(mutated));
            } catch (TokenRejectedException expected) {
                rejected++;
            }
        }

        assertThat(rejected).isGreaterThan(2900);
    }

    private static String mutate(String token, Random random) {
        StringBuilder sb = new StringBuilder(token);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> sb.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> sb.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> sb.deleteCharAt(at);
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
