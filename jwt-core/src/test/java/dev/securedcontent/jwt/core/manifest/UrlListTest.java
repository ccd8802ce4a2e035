package dev.securedcontent.jwt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlListTest {
    private static final String TEXT = "# In-house books\r\n"
            + "\r\n"
            + "https://books.example.com/guide.epub\r\n"
            + "   https://books.example.com/policy.pdf?lang=en  \r\n"
            + "  # indented comment\r\n"
            + "https://books.example.com/last.pdf";

    @TempDir
    Path dir;

    @Test
    void urlLinesAreNumberedAndCommentsAndBlankLinesSkipped() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("books.txt"), TEXT);

        // when
        UrlList list = UrlList.read(file);

        // then
        assertThat(list.entries()).extracting(UrlList.Entry::line, UrlList.Entry::url).containsExactly(
                tuple(3, "https://books.example.com/guide.epub"),
                tuple(4, "https://books.example.com/policy.pdf?lang=en"),
                tuple(6, "https://books.example.com/last.pdf"));
        assertThat(list.entries().get(0).location()).isEqualTo("line 3");
    }

    @Test
    void writeKeepsEveryLineLineEndingAndSpacingVerbatim() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("books.txt"), TEXT);

        // when
        Path output = dir.resolve("copy.txt");
        UrlList.read(file).write(output);

        // then
        assertThat(Files.readString(output)).isEqualTo(TEXT);
    }

    @Test
    void changedUrlsKeepTheirLinesSpacing() {
        // given
        UrlList list = UrlList.parse(TEXT, dir.resolve("books.txt"));

        // when
        UrlList changed = list.withUrls(entry -> entry.url() + "#" + entry.line());

        // then
        assertThat(changed.lines()).containsExactly(
                "# In-house books",
                "",
                "https://books.example.com/guide.epub#3",
                "   https://books.example.com/policy.pdf?lang=en#4  ",
                "  # indented comment",
                "https://books.example.com/last.pdf#6");
        assertThat(list.text()).isEqualTo(TEXT);
    }

    @Test
    void textThatIsNotUtf8IsAnErrorNamingTheFile() throws Exception {
        // given
        Path file = Files.write(dir.resolve("latin1.txt"), new byte[] {'h', 't', (byte) 0xE9, '\n'});

        // when / then
        assertThatThrownBy(() -> UrlList.read(file))
                .isInstanceOf(ManifestException.class)
                .hasMessage(file + ": not UTF-8 text; save the URL list as UTF-8");
    }

    @Test
    void missingFileIsAnErrorNamingIt() {
        // given
        Path file = dir.resolve("absent.txt");

        // when / then
        assertThatThrownBy(() -> UrlList.read(file))
                .isInstanceOf(ManifestException.class)
                .hasMessage(file + ": URL list not found; check the path");
    }

    @Test
    void directoryIsAnErrorAskingForTheUrlList() {
        // given
        Path directory = dir;

        // when / then
        assertThatThrownBy(() -> UrlList.read(directory))
                .isInstanceOf(ManifestException.class)
                .hasMessage(directory + ": is a directory, not a URL list file; give the path of the URL list");
    }

    @Test
    void byteOrderMarkIsKeptButNotPartOfTheFirstUrl() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("bom.txt"), "\uFEFFhttps://books.example.com/a.epub\n");

        // when
        UrlList list = UrlList.read(file);

        // then
        assertThat(list.entries()).extracting(UrlList.Entry::url).containsExactly("https://books.example.com/a.epub");
        assertThat(list.withUrls(entry -> entry.url() + "?x=1").text())
                .isEqualTo("\uFEFFhttps://books.example.com/a.epub?x=1\n");
    }
}
