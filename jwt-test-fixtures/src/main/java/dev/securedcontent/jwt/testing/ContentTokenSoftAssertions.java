package dev.securedcontent.jwt.testing;

import java.net.URI;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Soft content-token assertions: every failure is collected and reported together by
 * {@link #assertAll()} (or by {@link #assertSoftly(Consumer)}, or by AssertJ's
 * {@code SoftAssertionsExtension} when injected).
 */
public class ContentTokenSoftAssertions extends AbstractSoftAssertions {

    /** Soft assertions on a compact content token. */
    public ContentTokenAssert assertThat(String token) {
        return proxy(ContentTokenAssert.class, String.class, token);
    }

    /** Soft assertions on the {@code token} query parameter of a download URL. */
    @SuppressWarnings({"unchecked", "rawtypes"}) // the assert's actual is the token; its URI constructor extracts it
    public ContentTokenAssert assertThat(URI url) {
        return (ContentTokenAssert) proxy((Class) ContentTokenAssert.class, (Class) URI.class, url);
    }

    /** Runs {@code assertions} softly and fails once with every collected error. */
    public static void assertSoftly(Consumer<ContentTokenSoftAssertions> assertions) {
        SoftAssertionsProvider.assertSoftly(ContentTokenSoftAssertions.class, assertions);
    }
}
