package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TokenQueryTest {

    @Test
    void readsEveryTokenParameterInOrder() {
        URI url = URI.create("https://h/a.ipa?x=1&token=AAA&tokenish=2&token=BBB");

        assertThat(TokenQuery.tokens(url)).containsExactly("AAA", "BBB");
        assertThat(TokenQuery.singleToken(url)).isEmpty();
    }

    @Test
    void singleTokenIsFound() {
        assertThat(TokenQuery.singleToken(URI.create("https://h/a.ipa?token=AAA"))).contains("AAA");
    }

    @Test
    void withoutTokenKeepsOtherParametersAndFragmentByteForByte() {
        URI url = URI.create("https://h/a%20b.ipa?x=%2F1&token=AAA&y=2#frag");

        assertThat(TokenQuery.withoutToken(url)).hasToString("https://h/a%20b.ipa?x=%2F1&y=2#frag");
    }

    @Test
    void withoutTokenDropsAnEmptyQuery() {
        assertThat(TokenQuery.withoutToken(URI.create("https://h/a.ipa?token=AAA"))).hasToString("https://h/a.ipa");
    }

    @Test
    void withTokenReplacesEveryTokenParameterWithOne() {
        URI url = URI.create("https://h/a.ipa?token=OLD&x=1&token=OLD2");

        assertThat(TokenQuery.withToken(url, "NEW")).hasToString("https://h/a.ipa?x=1&token=NEW");
    }

    @Test
    void loopbackHostsAreRecognised() {
        assertThat(TokenQuery.isLoopback(URI.create("http://127.0.0.1:8080/a"))).isTrue();
        assertThat(TokenQuery.isLoopback(URI.create("http://localhost/a"))).isTrue();
        assertThat(TokenQuery.isLoopback(URI.create("http://[::1]:1/a"))).isTrue();
        assertThat(TokenQuery.isLoopback(URI.create("http://127.example.com/a"))).isFalse();
        assertThat(TokenQuery.isLoopback(URI.create("http://example.com/a"))).isFalse();
    }

    @Test
    void urlWithoutTokenIsRedactedToItself() {
        assertThat(TokenQuery.redacted("https://h/a.ipa?x=1")).isEqualTo("https://h/a.ipa?x=1");
    }
}
