package dev.securedcontent.jwt.core.manifest;

import dev.securedcontent.jwt.core.internal.RegularFile;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MD5 and SHA-256 chunk hashes of a content file, as a macOS package manifest carries them
 * ({@code md5-size}/{@code md5s}, {@code sha256-size}/{@code sha256s}).
 *
 * <p>Each chunk of {@code chunkSize} bytes is hashed on its own, lowercase hex; the last chunk is
 * whatever remains. A file smaller than the requested chunk size is one chunk of its own size, so
 * {@code chunkSize} is then the file size (micromdm's appmanifest does the same). An empty file has
 * no chunks: {@code chunkSize} and {@code size} are 0 and both lists are empty (micromdm's loop
 * never ends on empty input, zentral's yields no hash; an empty list is the only answer consistent
 * with "one hash per chunk").
 *
 * @param chunkSize bytes per chunk (the last may be shorter)
 * @param size      bytes in the file
 * @param md5s      one MD5 per chunk, lowercase hex
 * @param sha256s   one SHA-256 per chunk, lowercase hex
 */
public record ChunkHashes(long chunkSize, long size, List<String> md5s, List<String> sha256s) {

    /** The usual chunk size, 10 MiB (micromdm's appmanifest default). */
    public static final long DEFAULT_CHUNK_SIZE = 10_485_760L;

    // Per thread. Large enough that the digests, not the reads, set the pace; fixed, so memory does
    // not grow with the file.
    private static final int BUFFER_SIZE = 1 << 20;
    // One hash per chunk in each list; beyond this a list cannot hold them.
    private static final long MAX_CHUNKS = Integer.MAX_VALUE - 8;
    private static final HexFormat HEX = HexFormat.of();

    /** Refuses null lists and null digests, and copies the lists. */
    public ChunkHashes {
        if (md5s == null || sha256s == null || md5s.stream().anyMatch(Objects::isNull) || sha256s.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("md5s and sha256s must be lists of hex digests without nulls"
                    + " (empty lists for an empty file)");
        }
        md5s = List.copyOf(md5s);
        sha256s = List.copyOf(sha256s);
        if (chunkSize < 0 || size < 0) {
            throw new IllegalArgumentException("chunkSize and size must not be negative");
        }
        if (md5s.size() != sha256s.size()) {
            throw new IllegalArgumentException("md5s and sha256s must have one entry per chunk");
        }
    }

    /** Hashes {@code file} in chunks of {@link #DEFAULT_CHUNK_SIZE}. */
    public static ChunkHashes of(Path file) {
        return of(file, DEFAULT_CHUNK_SIZE);
    }

    /** Hashes {@code file} in chunks of {@code chunkSize} bytes; see {@link #of(Path, long, Progress)}. */
    public static ChunkHashes of(Path file, long chunkSize) {
        return of(file, chunkSize, Progress.NONE);
    }

    /**
     * Hashes {@code file} in chunks of {@code chunkSize} bytes, MD5 and SHA-256 of each chunk
     * together. Chunks are independent, so they are hashed on all cores at once; each thread reads
     * through one buffer of at most 1 MiB, so memory does not grow with the file. The file is
     * hashed as long as it was when hashing began.
     *
     * @param progress told how many bytes are hashed so far, after every buffer
     * @throws ManifestException naming the file when it is missing, not a regular file, cannot be
     *         read or gets shorter while it is hashed
     * @throws IllegalArgumentException when {@code chunkSize} is not positive
     */
    public static ChunkHashes of(Path file, long chunkSize, Progress progress) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(progress, "progress");
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        }
        try {
            RegularFile.require(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                long chunks = expectedChunkCount(size, chunkSize);
                if (chunks > MAX_CHUNKS) {
                    throw new ManifestException(file, null, size + " bytes make " + chunks + " chunks of " + chunkSize
                            + " bytes, more than a manifest can list; use a larger chunk size");
                }
                Hashing hashing = new Hashing(channel, size, chunkSize, (int) chunks, progress);
                hashing.run();
                return new ChunkHashes(Math.min(chunkSize, size), size, List.of(hashing.md5s), List.of(hashing.sha256s));
            }
        } catch (RegularFile.NotRegularFileException e) {
            throw new ManifestException(file, null, "is " + e.kind() + ", not a content file;"
                    + " give the path of the .ipa, .pkg or other file to hash");
        } catch (NoSuchFileException e) {
            throw new ManifestException(file, null, "content file not found; check the path", e);
        } catch (EOFException e) {
            throw new ManifestException(file, null, "content file got shorter while it was hashed ("
                    + e.getMessage() + "); hash it again once it is complete", e);
        } catch (IOException e) {
            throw new ManifestException(file, null, "cannot read content file (" + e.getMessage()
                    + "); check that it exists and is readable", e);
        }
    }

    /** Told how far hashing is; called from the hashing threads, one call at a time, {@code bytesDone} rising. */
    @FunctionalInterface
    public interface Progress {
        /** Reports nothing. */
        Progress NONE = (bytesDone, totalBytes) -> { };

        /**
         * @param bytesDone  bytes hashed so far
         * @param totalBytes bytes in the file
         */
        void hashed(long bytesDone, long totalBytes);
    }

    /**
     * One hashing run: the file is cut into segments of whole chunks (at least one buffer's worth
     * of bytes each) that threads take in turn; each chunk's hashes land at its index.
     */
    private static final class Hashing {
        private final FileChannel channel;
        private final long size;
        private final long chunkSize;
        private final long chunksPerSegment;
        private final int chunks;
        private final Progress progress;
        private final String[] md5s;
        private final String[] sha256s;
        private final AtomicLong nextSegment = new AtomicLong();
        private final Object progressLock = new Object();
        private long bytesDone;
        private volatile boolean failed;

        Hashing(FileChannel channel, long size, long chunkSize, int chunks, Progress progress) {
            this.channel = channel;
            this.size = size;
            this.chunkSize = chunkSize;
            this.chunksPerSegment = Math.max(1, BUFFER_SIZE / chunkSize);
            this.chunks = chunks;
            this.progress = progress;
            this.md5s = new String[chunks];
            this.sha256s = new String[chunks];
        }

        void run() throws IOException {
            long segments = (chunks + chunksPerSegment - 1) / chunksPerSegment;
            int threads = (int) Math.min(Runtime.getRuntime().availableProcessors(), segments);
            if (threads <= 1) {
                work();
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
                Thread thread = new Thread(task, "chunk-hashes");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<Void>> results = pool.invokeAll(Collections.nCopies(threads, () -> {
                    work();
                    return null;
                }));
                for (Future<Void> result : results) {
                    result.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while hashing");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        /** Takes segments until none is left (or another thread failed). */
        private void work() throws IOException {
            MessageDigest md5 = digest("MD5");
            MessageDigest sha256 = digest("SHA-256");
            byte[] buffer = new byte[(int) Math.min(BUFFER_SIZE, Math.min(size, chunksPerSegment * chunkSize))];
            try {
                for (long segment = nextSegment.getAndIncrement(); !failed && segment * chunksPerSegment < chunks;
                        segment = nextSegment.getAndIncrement()) {
                    long first = segment * chunksPerSegment;
                    hash(first, Math.min(chunks, first + chunksPerSegment), buffer, md5, sha256);
                }
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        /** Hashes chunks {@code first} (inclusive) to {@code end} (exclusive), reading a buffer at a time. */
        private void hash(long first, long end, byte[] buffer, MessageDigest md5, MessageDigest sha256) throws IOException {
            long position = first * chunkSize;
            long stop = Math.min(size, end * chunkSize);
            int chunk = (int) first;
            long inChunk = 0;
            ByteBuffer view = ByteBuffer.wrap(buffer);
            while (position < stop) {
                view.clear().limit((int) Math.min(buffer.length, stop - position));
                int n = channel.read(view, position);
                if (n < 0) {
                    throw new EOFException("ends at byte " + position + " of " + size);
                }
                for (int offset = 0; offset < n; ) {
                    int take = (int) Math.min(n - offset, chunkSize - inChunk);
                    md5.update(buffer, offset, take);
                    sha256.update(buffer, offset, take);
                    offset += take;
                    inChunk += take;
                    if (inChunk == chunkSize) {
                        finish(chunk++, md5, sha256);
                        inChunk = 0;
                    }
                }
                position += n;
                synchronized (progressLock) {
                    bytesDone += n;
                    progress.hashed(bytesDone, size);
                }
            }
            if (inChunk > 0) {
                finish(chunk, md5, sha256);
            }
        }

        private void finish(int chunk, MessageDigest md5, MessageDigest sha256) {
            md5s[chunk] = HEX.formatHex(md5.digest());
            sha256s[chunk] = HEX.formatHex(sha256.digest());
        }
    }

    /** The number of chunks. */
    public int chunkCount() {
        return md5s.size();
    }

    /** How many chunks a file of {@code size} bytes has at {@code chunkSize} (0 for an empty file). */
    static long expectedChunkCount(long size, long chunkSize) {
        return size == 0 ? 0 : (size + chunkSize - 1) / chunkSize;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide MD5 and SHA-256 (MessageDigest Javadoc).
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
