package dev.securedcontent.jwt.core.manifest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A list of download URLs for content without a manifest (books, media): one URL per line;
 * {@code #} comment lines, blank lines, line endings and spacing around a URL are kept verbatim.
 *
 * <p>Immutable. Read with {@link #read(Path)}, sign with {@link ManifestSigner#sign(UrlList)},
 * check with {@link ManifestChecker#check(UrlList)}, write with {@link #write(Path)}.
 */
public final class UrlList {
    private final Path source;
    // Each line with its own terminator ("\n", "\r\n" or "" for a last line without one).
    private final List<String> lines;
    private final List<String> terminators;

    private UrlList(Path source, List<String> lines, List<String> terminators) {
        this.source = source;
        this.lines = List.copyOf(lines);
        this.terminators = List.copyOf(terminators);
    }

    /**
     * Reads a UTF-8 URL list.
     *
     * @throws ManifestException naming the file when it is missing, a directory, unreadable or not UTF-8
     */
    public static UrlList read(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] content = Manifest.readBounded(file, "URL list", "the URL list");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ManifestException(file, null, "not UTF-8 text; save the URL list as UTF-8", e);
        }
        return parse(text, file);
    }

    /** A URL list from text; {@code source} names it in errors and findings. */
    public static UrlList parse(String text, Path source) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        List<String> lines = new ArrayList<>();
        List<String> terminators = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            if (newline < 0) {
                lines.add(text.substring(start));
                terminators.add("");
                break;
            }
            boolean crlf = newline > start && text.charAt(newline - 1) == '\r';
            lines.add(text.substring(start, crlf ? newline - 1 : newline));
            terminators.add(crlf ? "\r\n" : "\n");
            start = newline + 1;
        }
        return new UrlList(source, lines, terminators);
    }

    /** The file this list was read from. */
    public Path source() {
        return source;
    }

    /** Every line as written, without its line terminator. */
    public List<String> lines() {
        return lines;
    }

    /** The URL lines (neither blank nor {@code #} comments), with their 1-based line numbers. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (isUrlLine(lines.get(i))) {
                entries.add(new Entry(i + 1, urlOf(lines.get(i))));
            }
        }
        return List.copyOf(entries);
    }

    /** The whole list as text, exactly as it would be written. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            text.append(lines.get(i)).append(terminators.get(i));
        }
        return text.toString();
    }

    /**
     * Writes the list (UTF-8) atomically: a temporary file in the same directory, then an atomic
     * move; a list holding a token is {@code rw-------} ({@link Manifest#write(Path)} has the rules).
     *
     * @throws ManifestException naming the output when it cannot be written
     */
    public void write(Path output) {
        Objects.requireNonNull(output, "output");
        Manifest.writeOutput(output, text().getBytes(StandardCharsets.UTF_8));
    }

    /** A copy with every URL line's URL replaced by {@code change(entry)}, spacing kept. */
    UrlList withUrls(java.util.function.Function<Entry, String> change) {
        List<String> changed = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isUrlLine(line)) {
                String url = urlOf(line);
                int at = line.indexOf(url);
                changed.add(line.substring(0, at) + change.apply(new Entry(i + 1, url)) + line.substring(at + url.length()));
            } else {
                changed.add(line);
            }
        }
        return new UrlList(source, changed, terminators);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UrlList list && text().equals(list.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return "UrlList[" + source + "]";
    }

    private static boolean isUrlLine(String line) {
        String url = urlOf(line);
        return !url.isEmpty() && !url.startsWith("#");
    }

    /** The line without surrounding spaces and without a byte-order mark (kept in the text itself). */
    private static String urlOf(String line) {
        String stripped = line.strip();
        return stripped.startsWith("\uFEFF") ? stripped.substring(1).strip() : stripped;
    }

    /**
     * One URL line.
     *
     * @param line 1-based line number
     * @param url  the URL as written, without surrounding spaces
     */
    public record Entry(int line, String url) {
        /** {@code line N}, as findings name it. */
        public String location() {
            return "line " + line;
        }
    }
}
