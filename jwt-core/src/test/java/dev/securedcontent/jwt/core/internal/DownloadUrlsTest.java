package dev.securedcontent.jwt.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DownloadUrlsTest {

    @ParameterizedTest(name = "{0}: may carry a token {1}, with http to loopback allowed {2}")
    @CsvSource({
            "https://downloads.example.com/app.ipa, true, true",
            "HTTPS://downloads.example.com/app.ipa, true, true",
            "https://127.0.0.1/app.ipa,            true, true",
            "http://localhost:8080/app.ipa,        false, true",
            "http://LOCALHOST/app.ipa,             false, true",
            "http://127.0.0.1/app.ipa,             false, true",
            "http://127.255.3.9/app.ipa,           false, true",
            "http://[::1]:8080/app.ipa,            false, true",
            "http://downloads.example.com/app.ipa, false, false",
            "http://10.0.0.1/app.ipa,              false, false",
            "http://127.0.0.1.example.com/app.ipa, false, false",
            "http://localhost.example.com/app.ipa, false, false",
            "http://[::2]/app.ipa,                 false, false",
            "ftp://localhost/app.ipa,              false, false",
            "/app.ipa,                             false, false",
            "https:app.ipa,                        false, false",
    })
    void aTokenGoesOverHttpsOrToLoopbackWhenATestAllowsIt(String url, boolean strict, boolean allowingHttp) {
        URI uri = URI.create(url);

        assertThat(DownloadUrls.mayCarryToken(uri, false)).isEqualTo(strict);
        assertThat(DownloadUrls.mayCarryToken(uri, true)).isEqualTo(allowingHttp);
    }

    @ParameterizedTest
    @CsvSource({
            "https://h/app.ipa, true",
            "http://h/app.ipa, true",
            "HTTP://h/app.ipa, true",
            "ftp://h/app.ipa, false",
            "https:///app.ipa, false",
            "app.ipa, false",
            "mailto:a@h, false",
    })
    void aDownloadUrlIsAbsoluteHttpWithAHost(String url, boolean expected) {
        assertThat(DownloadUrls.isHttpWithHost(URI.create(url))).isEqualTo(expected);
    }
}
