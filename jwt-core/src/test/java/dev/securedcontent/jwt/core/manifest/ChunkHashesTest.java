package dev.securedcontent.jwt.core.manifest;

import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.seqFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected values were computed outside Java, on the same files:
 * <pre>
 * seq 1 3000000 | head -c SIZE > f
 * split -b CHUNK -d f c.      # CHUNK = 1048576, or 10485760 for the default-size test
 * md5sum c.*; sha256sum c.*
 * </pre>
 */
class ChunkHashesTest {
    private static final long MIB = 1_048_576;

    @TempDir
    Path dir;

    @Test
    void fileOfExactlyOneChunkHasOneChunkOfThatSize() {
        // given: seq 1 3000000 | head -c 1048576
        Path file = seqFile(dir.resolve("one-chunk"), MIB);

        // when
        ChunkHashes hashes = ChunkHashes.of(file, MIB);

        // then
        assertThat(hashes.chunkSize()).isEqualTo(MIB);
        assertThat(hashes.size()).isEqualTo(MIB);
        assertThat(hashes.md5s()).containsExactly("a8177876b2886cb74338f9a050089431");
        assertThat(hashes.sha256s()).containsExactly("a7a14d0926bda540030fd4c43a64aa0c8a343f5cd735e34b45150c4b0b7a528e");
    }

    @Test
    void oneByteMoreThanAChunkMakesASecondOneByteChunk() {
        // given: seq 1 3000000 | head -c 1048577
        Path file = seqFile(dir.resolve("chunk-plus-one"), MIB + 1);

        // when
        ChunkHashes hashes = ChunkHashes.of(file, MIB);

        // then
        assertThat(hashes.chunkSize()).isEqualTo(MIB);
        assertThat(hashes.size()).isEqualTo(MIB + 1);
        assertThat(hashes.md5s()).containsExactly(
                "a8177876b2886cb74338f9a050089431",
                "45c48cce2e2d7fbdea1afc51c7c6ad26");
        assertThat(hashes.sha256s()).containsExactly(
                "a7a14d0926bda540030fd4c43a64aa0c8a343f5cd735e34b45150c4b0b7a528e",
                "19581e27de7ced00ff1ce50b2047e7a567c76b1cbaebabe5ef03f7c3017bb5b7");
    }

    @Test
    void lastChunkIsWhateverRemains() {
        // given: seq 1 3000000 | head -c 2397152  (two full chunks and 300000 bytes)
        Path file = seqFile(dir.resolve("two-and-a-bit"), 2_397_152);

        // when
        ChunkHashes hashes = ChunkHashes.of(file, MIB);

        // then
        assertThat(hashes.chunkCount()).isEqualTo(3);
        assertThat(hashes.md5s()).containsExactly(
                "a8177876b2886cb74338f9a050089431",
                "ff1b0b3ef9109b907ae8b638f692746d",
                "4a6752f43e8b6a6503bf17b2f1b8b561");
        assertThat(hashes.sha256s()).containsExactly(
                "a7a14d0926bda540030fd4c43a64aa0c8a343f5cd735e34b45150c4b0b7a528e",
                "336fb4a1628f3e2b779a771674d0add400e7a5769c5534d30c8b8f2902bf6591",
                "edbaf236dc42c4f9b1b9d2c3174b520942bbdd2b39f4278340a15936fada6841");
    }

    @Test
    void defaultChunkSizeIsTenMebibytes() {
        // given: seq 1 3000000 | head -c 10485761; split -b 10485760
        Path file = seqFile(dir.resolve("default-plus-one"), ChunkHashes.DEFAULT_CHUNK_SIZE + 1);

        // when
        ChunkHashes hashes = ChunkHashes.of(file);

        // then
        assertThat(ChunkHashes.DEFAULT_CHUNK_SIZE).isEqualTo(10_485_760L);
        assertThat(hashes.chunkSize()).isEqualTo(10_485_760L);
        assertThat(hashes.md5s()).containsExactly(
                "0195fabb7c633c1e4c7e19b7979d8106",
                "c4ca4238a0b923820dcc509a6f75849b");
        assertThat(hashes.sha256s()).containsExactly(
                "074150f329f71f11632523dd98c722bd8f635fa343a447aac9010065c3a8266a",
                "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b");
    }

    @Test
    void fileSmallerThanTheChunkIsOneChunkOfItsOwnSize() {
        // given: seq 1 3000000 | head -c 1000
        Path file = seqFile(dir.resolve("small"), 1000);

        // when
        ChunkHashes hashes = ChunkHashes.of(file);

        // then
        assertThat(hashes.chunkSize()).isEqualTo(1000);
        assertThat(hashes.size()).isEqualTo(1000);
        assertThat(hashes.md5s()).containsExactly("532188f9cac7db2a7a5ceef07c37b78e");
        assertThat(hashes.sha256s()).containsExactly("fdeccb40f2ffd8228eca62464869a28534433ba686efca3a925b2a35357cabaa");
    }

    @Test
    void emptyFileHasNoChunks() throws Exception {
        // given
        Path file = Files.createFile(dir.resolve("empty"));

        // when
        ChunkHashes hashes = ChunkHashes.of(file);

        // then
        assertThat(hashes).isEqualTo(new ChunkHashes(0, 0, java.util.List.of(), java.util.List.of()));
    }

    @Test
    void chunksHashedOnSeveralThreadsComeOutInFileOrder() throws Exception {
        // given 5 MiB and a bit, in 64 KiB chunks (81 chunks, far more than there are threads)
        Path file = seqFile(dir.resolve("many-chunks"), 5 * MIB + 123);

        // when
        ChunkHashes hashes = ChunkHashes.of(file, 65_536);

        // then
        assertThat(hashes.chunkCount()).isEqualTo(81);
        assertThat(hashes.md5s()).isEqualTo(oneChunkAtATime(file, 65_536, "MD5"));
        assertThat(hashes.sha256s()).isEqualTo(oneChunkAtATime(file, 65_536, "SHA-256"));
    }

    @Test
    void chunksSmallerThanABufferAreHashedManyPerRead() throws Exception {
        // given 3 MiB in chunks of 1000 bytes (a size that does not divide the buffer)
        Path file = seqFile(dir.resolve("small-chunks"), 3 * MIB);

        // when
        ChunkHashes hashes = ChunkHashes.of(file, 1000);

        // then
        assertThat(hashes.chunkCount()).isEqualTo(3146);
        assertThat(hashes.md5s()).isEqualTo(oneChunkAtATime(file, 1000, "MD5"));
        assertThat(hashes.sha256s()).isEqualTo(oneChunkAtATime(file, 1000, "SHA-256"));
    }

    @Test
    void progressRisesToTheFileSize() {
        // given
        Path file = seqFile(dir.resolve("progress"), 5 * MIB + 123);
        List<long[]> reports = Collections.synchronizedList(new ArrayList<>());

        // when
        ChunkHashes.of(file, MIB, (done, total) -> reports.add(new long[] {done, total}));

        // then
        assertThat(reports).isNotEmpty().allSatisfy(report -> assertThat(report[1]).isEqualTo(5 * MIB + 123));
        assertThat(reports).extracting(report -> report[0]).isSorted().doesNotHaveDuplicates().last().isEqualTo(5 * MIB + 123);
    }

    /** The obvious way: read each chunk whole and digest it. */
    private static List<String> oneChunkAtATime(Path file, int chunkSize, String algorithm) throws Exception {
        byte[] content = Files.readAllBytes(file);
        List<String> hashes = new ArrayList<>();
        for (int start = 0; start < content.length; start += chunkSize) {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(content, start, Math.min(chunkSize, content.length - start));
            hashes.add(HexFormat.of().formatHex(digest.digest()));
        }
        return hashes;
    }

    @Test
    void missingFileIsAnErrorNamingIt() {
        // given
        Path file = dir.resolve("absent.pkg");

        // when / then
        assertThatThrownBy(() -> ChunkHashes.of(file))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("absent.pkg")
                .hasMessageContaining("not found");
    }

    @Test
    void directoryIsAnErrorAskingForTheContentFile() {
        // given
        Path directory = dir;

        // when / then
        assertThatThrownBy(() -> ChunkHashes.of(directory))
                .isInstanceOf(ManifestException.class)
                .hasMessage(directory + ": is a directory, not a content file;"
                        + " give the path of the .ipa, .pkg or other file to hash");
    }

    @Test
    void chunkSizeMustBePositive() {
        // given
        Path file = seqFile(dir.resolve("small"), 10);

        // when / then
        assertThatThrownBy(() -> ChunkHashes.of(file, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkSize");
    }

    @Test
    void nullHashListsAreAClearErrorNotANullPointerException() {
        assertThatThrownBy(() -> new ChunkHashes(1, 1, null, java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("md5s and sha256s must be lists");
    }
}
