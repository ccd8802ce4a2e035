package dev.securedcontent.jwt.core.manifest;

import dev.securedcontent.jwt.core.files.RegularFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

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

    // Large enough that the digests, not the reads, set the pace; fixed, so memory does not grow
    // with the file.
    private static final int BUFFER_SIZE = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

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

    /**
     * Hashes {@code file} in chunks of {@code chunkSize} bytes, MD5 and SHA-256 together in one
     * streaming pass.
     *
     * @throws ManifestException naming the file when it is missing, a directory or cannot be read
     * @throws IllegalArgumentException when {@code chunkSize} is not positive
     */
    public static ChunkHashes of(Path file, long chunkSize) {
        Objects.requireNonNull(file, "file");
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        }
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        List<String> md5s = new ArrayList<>();
        List<String> sha256s = new ArrayList<>();
        byte[] buffer = new byte[(int) Math.min(BUFFER_SIZE, chunkSize)];
        long total = 0;
        long inChunk = 0;
        try (InputStream in = RegularFile.open(file)) {
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, chunkSize - inChunk))) > 0) {
                md5.update(buffer, 0, n);
                sha256.update(buffer, 0, n);
                total += n;
                inChunk += n;
                if (inChunk == chunkSize) {
                    md5s.add(HEX.formatHex(md5.digest()));
                    sha256s.add(HEX.formatHex(sha256.digest()));
                    inChunk = 0;
                }
            }
        } catch (RegularFile.NotRegularFileException e) {
            throw new ManifestException(file, null, "is " + e.kind() + ", not a content file;"
                    + " give the path of the .ipa, .pkg or other file to hash");
        } catch (NoSuchFileException e) {
            throw new ManifestException(file, null, "content file not found; check the path", e);
        } catch (IOException e) {
            throw new ManifestException(file, null, "cannot read content file (" + e.getMessage()
                    + "); check that it exists and is readable", e);
        }
        if (inChunk > 0) {
            md5s.add(HEX.formatHex(md5.digest()));
            sha256s.add(HEX.formatHex(sha256.digest()));
        }
        return new ChunkHashes(Math.min(chunkSize, total), total, md5s, sha256s);
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
