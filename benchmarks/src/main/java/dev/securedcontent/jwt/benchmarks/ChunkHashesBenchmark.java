package dev.securedcontent.jwt.benchmarks;

import dev.securedcontent.jwt.core.manifest.ChunkHashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * MD5 and SHA-256 chunk hashes (Apple's {@code md5s} and {@code sha256s}) of one file: ours (on
 * every core) against a plain single-thread loop that reads the file into a buffer and updates two
 * MessageDigests, and a plain read of the file. The limit of ours is the smaller of the read rate
 * and cores x the single-thread loop; {@link RatioTable} prints ours as a share of it.
 *
 * <p>The file is {@code fileSizeMiB} MiB of random bytes, made once per trial in a temporary
 * directory and deleted after; 256 MiB by default to keep a run short on a shared machine,
 * {@code -p fileSizeMiB=1024} for the 1 GiB of the issue. One op hashes the whole file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkHashesBenchmark {
    /** Apple's common default (micromdm's appmanifest), the chunk size {@link ChunkHashes#of(Path)} uses. */
    static final int CHUNK_SIZE = (int) ChunkHashes.DEFAULT_CHUNK_SIZE;
    private static final int BUFFER_SIZE = 1 << 20;

    @Param("256")
    public int fileSizeMiB;

    private Path directory;
    private Path file;

    @Setup(Level.Trial)
    public void writeFile() throws IOException, NoSuchAlgorithmException {
        directory = Files.createTempDirectory("chunk-hashes-benchmark");
        file = directory.resolve("content.pkg");
        SplittableRandom random = new SplittableRandom(fileSizeMiB);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int mib = 0; mib < fileSizeMiB; mib++) {
                for (int i = 0; i < block.length; i += Long.BYTES) {
                    long value = random.nextLong();
                    for (int b = 0; b < Long.BYTES; b++) {
                        block[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                out.write(block);
            }
        }
        checkOursAgreesWithBaseline();
    }

    /** The two ways must agree before either is timed. */
    private void checkOursAgreesWithBaseline() throws IOException, NoSuchAlgorithmException {
        List<List<String>> expected = baselineMessageDigestLoop();
        ChunkHashes actual = ours();
        if (!actual.md5s().equals(expected.get(0)) || !actual.sha256s().equals(expected.get(1))) {
            throw new IllegalStateException("ChunkHashes.of and the plain MessageDigest loop disagree on " + file);
        }
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory);
    }

    /** The floor: one pass, one buffer, both digests updated per read, finished per chunk. */
    @Benchmark
    public List<List<String>> baselineMessageDigestLoop() throws IOException, NoSuchAlgorithmException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        List<String> md5s = new ArrayList<>();
        List<String> sha256s = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            int inChunk = 0;
            int read;
            while ((read = in.read(buffer, 0, Math.min(buffer.length, CHUNK_SIZE - inChunk))) > 0) {
                md5.update(buffer, 0, read);
                sha256.update(buffer, 0, read);
                inChunk += read;
                if (inChunk == CHUNK_SIZE) {
                    md5s.add(hex.formatHex(md5.digest()));
                    sha256s.add(hex.formatHex(sha256.digest()));
                    inChunk = 0;
                }
            }
            if (inChunk > 0) {
                md5s.add(hex.formatHex(md5.digest()));
                sha256s.add(hex.formatHex(sha256.digest()));
            }
        }
        return List.of(md5s, sha256s);
    }

    /** Chunk hashes on every core ({@link ChunkHashes#of(Path)}). */
    @Benchmark
    public ChunkHashes ours() {
        return ChunkHashes.of(file);
    }

    /**
     * The read alone, one thread, the same 1 MiB buffer, no digest: how fast the file (in the
     * page cache after the first op) can be read at all, one of the two limits of {@code ours}.
     */
    @Benchmark
    public long readOnly() throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long sum = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                sum += buffer[read - 1];
            }
        }
        return sum;
    }
}
