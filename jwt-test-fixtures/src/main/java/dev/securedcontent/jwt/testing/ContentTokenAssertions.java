package dev.securedcontent.jwt.testing;

import java.net.URI;

/**
 * Entry point of the content-token assertions:
 * {@code assertThat(token).isValidFor(publicKey).hasIssuer("JSS").expiresWithin(Duration.ofMinutes(5))}.
 */
public final class ContentTokenAssertions {

    private ContentTokenAssertions() {}

    /** Assertions on a compact content token. */
    public static ContentTokenAssert assertThat(String token) {
        return new ContentTokenAssert(token);
    }

    /** Assertions on the {@code token} query parameter of a download URL (the first one, if repeated). */
    public static ContentTokenAssert assertThat(URI url) {
        return new ContentTokenAssert(url);
    }
}
