package dev.securedcontent.jwt.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a request path becomes file-name segments, and which paths are refused outright. */
class RequestPathTest {

    @Test
    void decodesPercentEncodedSegmentsAndDropsTheQuery() {
        assertThat(ContentResponder.segments("/apps/my%20app.ipa?token=x#f")).hasValue(List.of("apps", "my app.ipa"));
    }

    @Test
    void ignoresEmptySegments() {
        assertThat(ContentResponder.segments("//apps///app.ipa")).hasValue(List.of("apps", "app.ipa"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret", "/apps/../../secret", "/%2e%2e/secret", "/%2E%2E/secret", "/.%2e/secret",
        "/./app.ipa", "/apps%2fapp.ipa", "/apps%5capp.ipa", "/app%00.ipa", "/app%zz.ipa", "/app%2"})
    void refusesTraversalAndBrokenEncoding(String path) {
        assertThat(ContentResponder.segments(path)).isEmpty();
    }

    @Test
    void namesMediaTypesOfContentJamfServes() {
        assertThat(ContentFiles.mediaType("App.IPA")).isEqualTo("application/octet-stream");
        assertThat(ContentFiles.mediaType("installer.pkg")).isEqualTo("application/octet-stream");
        assertThat(ContentFiles.mediaType("manifest.plist")).isEqualTo("text/xml");
        assertThat(ContentFiles.mediaType("book.epub")).isEqualTo("application/epub+zip");
        assertThat(ContentFiles.mediaType("book.pdf")).isEqualTo("application/pdf");
        assertThat(ContentFiles.mediaType("no-extension")).isEqualTo("application/octet-stream");
    }
}
