package dev.securedcontent.jwt.testing;

import static dev.securedcontent.jwt.testing.ShouldBeContentToken.shouldBeContentToken;
import static dev.securedcontent.jwt.testing.ShouldBeRejectedBecause.shouldBeRejectedBecause;
import static dev.securedcontent.jwt.testing.ShouldBeValidContentToken.shouldBeValid;
import static dev.securedcontent.jwt.testing.ShouldHaveTokenValue.shouldHaveTokenValue;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.TokenRejectedException;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.presentation.StandardRepresentation;

/**
 * AssertJ assertions on a content token, or on the {@code token} parameter of a download URL.
 * Failure messages show expected and actual on their own lines and the token only redacted.
 * Entry point: {@link ContentTokenAssertions#assertThat(String)}.
 */
public class ContentTokenAssert extends AbstractAssert<ContentTokenAssert, String> {

    private final URI url;
    private Clock clock = Clock.systemUTC();
    private List<PublicKey> keys = List.of();

    /** Assertions on a compact token. */
    public ContentTokenAssert(String token) {
        this(token, null);
    }

    /** Assertions on the {@code token} query parameter of {@code url}. */
    public ContentTokenAssert(URI url) {
        this(singleToken(url), url);
    }

    private ContentTokenAssert(String token, URI url) {
        super(token, ContentTokenAssert.class);
        this.url = url;
        withRepresentation(new RedactingRepresentation(token));
    }

    /** Reads "now" from {@code clock} for validity and expiry checks (default: the system clock). */
    public ContentTokenAssert usingClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return myself;
    }

    /** The keys {@link #isValid()} and {@link #isRejectedBecause(RejectionReason)} verify with. */
    public ContentTokenAssert usingKeys(PublicKey... keys) {
        this.keys = List.of(keys);
        return myself;
    }

    /** Verifies strictly (as {@link ContentTokenVerifier} with default options) with the given keys. */
    public ContentTokenAssert isValidFor(PublicKey... keys) {
        return usingKeys(keys).isValid();
    }

    /** Verifies strictly with the keys of {@link #usingKeys(PublicKey...)}. */
    public ContentTokenAssert isValid() {
        Optional<TokenRejectedException> rejection = verify();
        if (rejection.isPresent()) {
            throwAssertionError(shouldBeValid(redacted(), keyDescription(), rejection.get().reason(),
                    rejection.get().getMessage()));
        }
        return myself;
    }

    /** The token is refused for exactly {@code expected} by the keys of {@link #usingKeys(PublicKey...)}. */
    public ContentTokenAssert isRejectedBecause(RejectionReason expected) {
        Objects.requireNonNull(expected, "expected");
        Optional<TokenRejectedException> rejection = verify();
        if (rejection.isEmpty()) {
            throwAssertionError(shouldBeRejectedBecause(redacted(), expected, "accepted"));
        } else if (rejection.get().reason() != expected) {
            throwAssertionError(shouldBeRejectedBecause(redacted(), expected,
                    rejection.get().reason() + " (" + rejection.get().getMessage() + ")"));
        }
        return myself;
    }

    /** The token is refused for exactly {@code expected} by {@code keys}. */
    public ContentTokenAssert isRejectedBecause(RejectionReason expected, PublicKey... keys) {
        return usingKeys(keys).isRejectedBecause(expected);
    }

    /** The {@code iss} claim is exactly {@code expected}. */
    public ContentTokenAssert hasIssuer(String expected) {
        return hasClaim("iss", expected);
    }

    /** The {@code sub} claim is exactly {@code expected}. */
    public ContentTokenAssert hasSubject(String expected) {
        return hasClaim("sub", expected);
    }

    /** The {@code alg} header is exactly {@code expected}. */
    public ContentTokenAssert hasAlgorithm(String expected) {
        return hasHeader("alg", expected);
    }

    /** The header {@code name} equals {@code expected} (numbers compare by value). */
    public ContentTokenAssert hasHeader(String name, Object expected) {
        Object actualValue = decoded().header().get(name);
        if (!sameValue(expected, actualValue)) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "header \"" + name + "\"", expected,
                    actualValue == null ? "no such header" : actualValue));
        }
        return myself;
    }

    /** The header has no {@code name} parameter. */
    public ContentTokenAssert hasNoHeader(String name) {
        Object actualValue = decoded().header().get(name);
        if (actualValue != null) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "no header \"" + name + "\"", "absent", actualValue));
        }
        return myself;
    }

    /** The claim {@code name} equals {@code expected} (numbers compare by value). */
    public ContentTokenAssert hasClaim(String name, Object expected) {
        Object actualValue = decoded().claims().get(name);
        if (!sameValue(expected, actualValue)) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "claim \"" + name + "\"", expected,
                    actualValue == null ? "no such claim" : actualValue));
        }
        return myself;
    }

    /** The payload has no claim {@code name}. */
    public ContentTokenAssert hasNoClaim(String name) {
        Object actualValue = decoded().claims().get(name);
        if (actualValue != null) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "no claim \"" + name + "\"", "absent", actualValue));
        }
        return myself;
    }

    /**
     * The token looks exactly like Jamf Pro's: header {@code {"alg":"RS256"}} and nothing else,
     * claims {@code sub}, {@code iss}, {@code exp} in that order and nothing else.
     */
    public ContentTokenAssert hasJamfShape() {
        DecodedToken token = decoded();
        List<String> headerNames = new ArrayList<>(token.header().keySet());
        if (!headerNames.equals(List.of("alg")) || !ContentTokens.ALGORITHM.equals(token.header().get("alg"))) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "Jamf Pro's header", "{alg=RS256}", token.header()));
        }
        List<String> claimNames = new ArrayList<>(token.claims().keySet());
        if (!claimNames.equals(List.of("sub", "iss", "exp"))) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "Jamf Pro's claims, in order", "[sub, iss, exp]",
                    claimNames));
        }
        return myself;
    }

    /** {@code exp} is after now and no later than now + {@code maximum} (now from {@link #usingClock(Clock)}). */
    public ContentTokenAssert expiresWithin(Duration maximum) {
        Objects.requireNonNull(maximum, "maximum");
        Instant now = clock.instant();
        Instant exp = expiry();
        if (!exp.isAfter(now) || exp.isAfter(now.plus(maximum))) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "an expiry within " + maximum + " of " + now,
                    "after " + now + " and no later than " + now.plus(maximum), exp));
        }
        return myself;
    }

    /** {@code exp} is strictly after {@code instant}. */
    public ContentTokenAssert expiresAfter(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Instant exp = expiry();
        if (!exp.isAfter(instant)) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "an expiry after " + instant, "after " + instant, exp));
        }
        return myself;
    }

    /** {@code exp} is exactly {@code instant}. */
    public ContentTokenAssert expiresAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Instant exp = expiry();
        if (!exp.equals(instant)) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "expiry", instant, exp));
        }
        return myself;
    }

    private Instant expiry() {
        Object exp = decoded().claims().get("exp");
        if (!(exp instanceof Number number)) {
            throwAssertionError(shouldHaveTokenValue(redacted(), "a numeric \"exp\" claim", "a number of seconds",
                    exp == null ? "no such claim" : exp));
            throw new IllegalStateException("unreachable");
        }
        return Instant.ofEpochSecond(number.longValue());
    }

    private Optional<TokenRejectedException> verify() {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys to verify with: call usingKeys(publicKey) or isValidFor(publicKey)");
        }
        ContentTokenVerifier verifier = ContentTokenVerifier.builder(keys).clock(clock).build();
        try {
            if (url != null) {
                verifier.verifyUrl(url);
            } else {
                verifier.verify(actual);
            }
            return Optional.empty();
        } catch (TokenRejectedException e) {
            return Optional.of(e);
        }
    }

    private DecodedToken decoded() {
        if (actual == null || actual.isEmpty()) {
            throwAssertionError(shouldBeContentToken(source(), "there is no token"));
        }
        try {
            return DecodedToken.decode(actual);
        } catch (DecodedToken.NotAToken e) {
            throwAssertionError(shouldBeContentToken(source(), e.getMessage()));
            throw new IllegalStateException("unreachable");
        }
    }

    private String source() {
        return url != null ? "URL " + TokenParameter.redact(url) : "token " + redacted();
    }

    private String redacted() {
        return actual == null ? "<no token>" : ContentTokens.redact(actual);
    }

    private String keyDescription() {
        return keys.size() + " key(s): " + Arrays.toString(keys.stream().map(PublicKey::getAlgorithm).toArray());
    }

    private static boolean sameValue(Object expected, Object actual) {
        if (expected instanceof Number e && actual instanceof Number a) {
            return e.longValue() == a.longValue() && e.doubleValue() == a.doubleValue();
        }
        return Objects.equals(expected, actual);
    }

    /** The URL's one token ({@link TokenParameter#single}); null when it has none, several or an empty one. */
    private static String singleToken(URI url) {
        return TokenParameter.single(Objects.requireNonNull(url, "url")).orElse(null);
    }

    /** Shows the token under test only redacted, wherever AssertJ prints the actual value. */
    private static final class RedactingRepresentation extends StandardRepresentation {
        private final String token;

        RedactingRepresentation(String token) {
            this.token = token;
        }

        @Override
        public String toStringOf(Object object) {
            if (token != null && object instanceof String text && text.contains(token)) {
                return super.toStringOf(text.replace(token, ContentTokens.redact(token)));
            }
            return super.toStringOf(object);
        }
    }
}
