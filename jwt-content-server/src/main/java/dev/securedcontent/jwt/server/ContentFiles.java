package dev.securedcontent.jwt.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
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

        byte[] read(long first, long count) throws IOException;
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

    static ContentFiles of(ServerSettings settings, ClassLoader loader) {
        if (settings.contentDirectory() != null) {
            return new Directory(settings.contentDirectory());
        }
        return new Classpath(settings.contentClasspathRoot(), loader);
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
                    public byte[] read(long first, long count) throws IOException {
                        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(count));
                        try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ)) {
                            while (buffer.hasRemaining() && channel.read(buffer, first + buffer.position()) >= 0) {
                                // read until the range is full or the file ends
                            }
                        }
                        return buffer.array();
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
            byte[] bytes;
            try (InputStream in = url.openStream()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.of(new ContentFile() {
                @Override
                public long length() {
                    return bytes.length;
                }

                @Override
                public byte[] read(long first, long count) {
                    byte[] part = new byte[Math.toIntExact(count)];
                    System.arraycopy(bytes, Math.toIntExact(first), part, 0, part.length);
                    return part;
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
}
