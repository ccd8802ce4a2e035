package dev.securedcontent.jwt.maven;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A URL list: a UTF-8 text file with one download URL per line; blank lines and lines starting with
 * {@code #} are kept as they are. jwt:sign writes a signed copy, jwt:verify checks every URL in it.
 */
final class UrlList {

    /**
     * One line of the file.
     *
     * @param number  1-based line number
     * @param text    the line as written (trimmed)
     * @param url     the parsed URL; null for blank and comment lines and for a line that is not a URL
     * @param problem why the line is not a usable URL; null when it is, or when it is blank or a comment
     */
    record Line(int number, String text, URI url, String problem) {
        boolean isUrl() {
            return url != null;
        }

        String location() {
            return "line " + number;
        }
    }

    private final Path file;
    private final List<Line> lines;

    private UrlList(Path file, List<Line> lines) {
        this.file = file;
        this.lines = List.copyOf(lines);
    }

    static UrlList read(Path file) throws IOException {
        List<String> raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            lines.add(parse(i + 1, raw.get(i).strip()));
        }
        return new UrlList(file, lines);
    }

    static Line parse(int number, String text) {
        if (text.isEmpty() || text.startsWith("#")) {
            return new Line(number, text, null, null);
        }
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                return new Line(number, text, null, "'" + TokenQuery.redacted(text)
                        + "' is not an absolute https URL with a host");
            }
            return new Line(number, text, url, null);
        } catch (URISyntaxException e) {
            return new Line(number, text, null, "'" + TokenQuery.redacted(text) + "' is not a URL ("
                    + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    Path file() {
        return file;
    }

    List<Line> lines() {
        return lines;
    }

    List<Line> urls() {
        return lines.stream().filter(Line::isUrl).toList();
    }
}
