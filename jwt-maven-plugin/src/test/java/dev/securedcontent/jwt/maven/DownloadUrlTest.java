package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownloadUrlTest {

    @Test
    void absoluteHttpsUrlIsValid() {
        DownloadUrl url = DownloadUrl.parse("  https://h/app.ipa?x=1 ");

        assertThat(url.isValid()).isTrue();
        assertThat(url.url()).hasToString("https://h/app.ipa?x=1");
    }

    @Test
    void relativeUrlIsAProblemNamingTheValue() {
        DownloadUrl url = DownloadUrl.parse("app.ipa");

        assertThat(url.isValid()).isFalse();
        assertThat(url.problem()).contains("'app.ipa'", "absolute https URL");
    }

    @Test
    void ftpIsNotADownloadUrl() {
        assertThat(DownloadUrl.parse("ftp://h/app.ipa").isValid()).isFalse();
    }

    @Test
    void unparseableTextIsAProblemWithThePosition() {
        assertThat(DownloadUrl.parse("https://h/a b.ipa").problem()).contains("not a URL", "index");
    }
}
