package dev.securedcontent.jwt.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The files the content server serves: a directory or a classpath folder, looked up by decoded path segments. */
abstract class ContentFiles {

    /** One servable file. */
    interface ContentFile {
        long length();

        /** Bytes {@code [first, first + count)} as a stream to copy with a small buffer; the caller closes it. */
        InputStream open(long first, long count) throws IOException;
    }

    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("pkg", "application/octet-stream"),
            Map.entry("ipa", "application/octet-stream"),
            Map.entry("dmg", "application/octet-stream"),
            Map.entry("zip", "application/zip"),
            Map.entry("plist", "text/xml"),
            Map.entry("xml", "text/xml"),
            Map.entry("epub", "application/epub+zip"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"));

    /** The media type of a file name; {@code application/octet-stream} for anything unknown. */
    static String mediaType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return MEDIA_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    abstract Optional<ContentFile> find(List<String> segments);

    /** What is served, for messages. */
    abstract String describe();

    static ContentFiles of(ContentServerOptions options, ClassLoader loader) {
        if (options.contentDirectory() != null) {
            return new Directory(options.contentDirectory());
        }
        return new Classpath(options.contentClasspathRoot(), loader);
    }

    private static final class Directory extends ContentFiles {
        private final Path root;

        Directory(Path directory) {
            Path absolute = directory.toAbsolutePath().normalize();
            if (!Files.isDirectory(absolute)) {
                throw new IllegalArgumentException("contentDirectory " + absolute
                        + ": not a directory; create it or point contentDirectory at the folder holding the files to serve");
            }
            try {
                this.root = absolute.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException("contentDirectory " + absolute + ": cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        Optional<ContentFile> find(List<String> segments) {
            Path file = root;
            for (String segment : segments) {
                file = file.resolve(segment);
            }
            file = file.normalize();
            try {
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                // A symbolic link may point outside the root; a web server must not follow it there.
                Path real = file.toRealPath();
                if (!real.startsWith(root)) {
                    return Optional.empty();
                }
                long length = Files.size(real);
                return Optional.of(new ContentFile() {
                    @Override
                    public long length() {
                        return length;
                    }

                    @Override
                    public InputStream open(long first, long count) throws IOException {
                        FileChannel channel = FileChannel.open(real, StandardOpenOption.READ);
                        try {
                            channel.position(first);
                        } catch (IOException | RuntimeException e) {
                            channel.close();
                            throw e;
                        }
                        return new Range(Channels.newInputStream(channel), count);
                    }
                });
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        String describe() {
            return "directory " + root;
        }
    }

    private static final class Classpath extends ContentFiles {
        private final String root;
        private final ClassLoader loader;

        Classpath(String root, ClassLoader loader) {
            this.root = root;
            this.loader = loader;
        }

        @Override
        Optional<ContentFile> find(List<String> segments) {
            if (segments.isEmpty()) {
                return Optional.empty();
            }
            URL url = loader.getResource(root + "/" + String.join("/", segments));
            if (url == null || isDirectory(url)) {
                return Optional.empty();
            }
            long length;
            try (InputStream in = url.openStream()) {
                // Counted, not trusted from the connection: a jar entry may not record its size.
                length = in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.of(new ContentFile() {
                @Override
                public long length() {
                    return length;
                }

                @Override
                public InputStream open(long first, long count) throws IOException {
                    InputStream in = url.openStream();
                    try {
                        in.skipNBytes(first);
                    } catch (IOException | RuntimeException e) {
                        in.close();
                        throw e;
                    }
                    return new Range(in, count);
                }
            });
        }

        private static boolean isDirectory(URL url) {
            try {
                if ("file".equals(url.getProtocol())) {
                    return Files.isDirectory(Paths.get(url.toURI()), LinkOption.NOFOLLOW_LINKS);
                }
                URLConnection connection = url.openConnection();
                if (connection instanceof JarURLConnection jar) {
                    return jar.getJarEntry() == null || jar.getJarEntry().isDirectory();
                }
                return false;
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                return true;
            }
        }

        @Override
        String describe() {
            return "classpath folder " + root;
        }
    }

    /** At most {@code count} bytes of a stream; closing it closes the stream. */
    private static final class Range extends FilterInputStream {
        private long remaining;

        Range(InputStream in, long count) {
            super(in);
            this.remaining = count;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
