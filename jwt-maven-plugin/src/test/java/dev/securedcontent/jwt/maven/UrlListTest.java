package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlListTest {

    @Test
    void keepsCommentsAndBlankLinesAsNonUrls(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("downloads.txt"),
                "# apps\n\n  https://h/app.ipa  \nhttps://h/tool.pkg?x=1\n");

        UrlList list = UrlList.read(file);

        assertThat(list.lines()).hasSize(4);
        assertThat(list.urls()).extracting(l -> l.url().toString())
                .containsExactly("https://h/app.ipa", "https://h/tool.pkg?x=1");
        assertThat(list.urls()).extracting(UrlList.Line::number).containsExactly(3, 4);
    }

    @Test
    void relativeUrlIsAProblemNamingTheValue() {
        UrlList.Line line = UrlList.parse(7, "app.ipa");

        assertThat(line.isUrl()).isFalse();
        assertThat(line.problem()).contains("'app.ipa'", "absolute https URL");
    }

    @Test
    void ftpIsNotADownloadUrl() {
        assertThat(UrlList.parse(1, "ftp://h/app.ipa").problem()).isNotNull();
    }

    @Test
    void unparseableTextIsAProblemWithThePosition() {
        assertThat(UrlList.parse(2, "https://h/a b.ipa").problem()).contains("not a URL", "index");
    }
}
