package dev.securedcontent.jwt.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A file of several GiB that costs no disk and no time to make: a sparse file of zeros with a few
 * marker bytes at known offsets (first bytes, across the 2 GiB boundary, last bytes), so a body
 * that is shifted, cut short or padded has a different checksum. For the large-file tests of the
 * modules that run the content server.
 */
public final class SparseFile {

    /** 3 GiB and a few bytes: past every int-sized buffer. */
    public static final long DEFAULT_SIZE = (3L << 30) + 7;

    private final Path file;
    private final long size;

    private SparseFile(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    /** Creates {@code name} in {@code directory}, {@link #DEFAULT_SIZE} bytes long. */
    public static SparseFile create(Path directory, String name) {
        return create(directory, name, DEFAULT_SIZE);
    }

    public static SparseFile create(Path directory, String name, long size) {
        Path file = directory.resolve(name);
        byte[] marker = "secured-content".getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
            for (long at : new long[] {0, (2L << 30) - 5, size / 3, size - marker.length}) {
                out.seek(at);
                out.write(marker);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SparseFile(file, size);
    }

    public Path path() {
        return file;
    }

    public long size() {
        return size;
    }

    /** The CRC-32C of bytes {@code [first, first + count)} of the file, read from disk. */
    public long checksum(long first, long count) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CRC32C crc = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            long position = first;
            long end = first + count;
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    break;
                }
                buffer.flip();
                crc.update(buffer);
                position += read;
            }
            return crc.getValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CRC-32C and length of everything {@code body} yields, read with a small buffer. */
    public static Received checksum(InputStream body) {
        try (InputStream in = body) {
            CRC32C crc = new CRC32C();
            byte[] buffer = new byte[1 << 16];
            long length = 0;
            for (int read; (read = in.read(buffer)) >= 0; ) {
                crc.update(buffer, 0, read);
                length += read;
            }
            return new Received(length, crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a client received: how many bytes, and their CRC-32C. */
    public record Received(long length, long checksum) {}
}
