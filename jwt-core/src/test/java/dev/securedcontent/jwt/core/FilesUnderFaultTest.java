package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.securedcontent.jwt.core.manifest.Manifest;
import dev.securedcontent.jwt.core.manifest.ManifestException;
import dev.securedcontent.jwt.core.manifest.ManifestSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key and manifest files under fault: an existing key is never replaced, a write that fails
 * halfway leaves nothing behind, and inputs that vanish, are directories or fail to read give an
 * error naming the file. (Unreadable-by-permission inputs are covered by the keys' own tests and
 * skip as root; the I/O-error case below applies as root too.)
 */
class FilesUnderFaultTest {
    private static final byte[] OLD_CONTENT = "not a key, but someone's file\n".getBytes(StandardCharsets.UTF_8);
    private static final RSAPrivateCrtKey KEY = RsaKeys.readPrivateKey(TestKeyFiles.key("rsa2048-pkcs8.pem"));
    private static final RSAPublicKey PUBLIC_KEY = RsaKeys.publicKeyOf(KEY);

    private static final String MANIFEST_WITH_PLAIN_HTTP_SECOND_ASSET = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
            	<key>items</key>
            	<array>
            		<dict>
            			<key>assets</key>
            			<array>
            				<dict><key>kind</key><string>software-package</string><key>url</key><string>https://dl.example.com/app.ipa</string></dict>
            				<dict><key>kind</key><string>display-image</string><key>url</key><string>http://dl.example.com/icon.png</string></dict>
            			</array>
            		</dict>
            	</array>
            </dict>
            </plist>
            """;

    @TempDir
    Path dir;

    @Test
    void writingAPrivateKeyOverAnExistingFileLeavesItsBytesUnchanged() throws IOException {
        // given a file where the key should go
        Path existing = Files.write(dir.resolve("key.pem"), OLD_CONTENT);

        // when a key is written there
        Throwable thrown = catchThrowable(() -> RsaKeys.writePrivateKey(existing, KEY));

        // then it is refused naming the file, and the file and directory are as before
        assertThat(thrown).isInstanceOf(KeyFileException.class)
                .hasMessage(existing + ": already exists; keys are never overwritten: move it away or choose another path");
        assertThat(existing).hasBinaryContent(OLD_CONTENT);
        assertThat(filesIn(dir)).containsExactly(existing);
    }

    @Test
    void publicKeyAndJwksWritersNeverOverwriteEither() throws IOException {
        // given existing files at both targets
        Path pem = Files.write(dir.resolve("public.pem"), OLD_CONTENT);
        Path jwks = Files.write(dir.resolve("jwks.json"), OLD_CONTENT);

        // when public keys are written there
        Throwable pemThrown = catchThrowable(() -> RsaKeys.writePublicKey(pem, PUBLIC_KEY));
        Throwable jwksThrown = catchThrowable(() -> RsaKeys.writeJwks(jwks, List.of(PUBLIC_KEY)));

        // then both are refused and both files keep their bytes
        assertThat(pemThrown).isInstanceOf(KeyFileException.class).hasMessageStartingWith(pem + ": already exists");
        assertThat(jwksThrown).isInstanceOf(KeyFileException.class).hasMessageStartingWith(jwks + ": already exists");
        assertThat(pem).hasBinaryContent(OLD_CONTENT);
        assertThat(jwks).hasBinaryContent(OLD_CONTENT);
        assertThat(filesIn(dir)).containsExactlyInAnyOrder(pem, jwks);
    }

    @Test
    void aPlantedSymbolicLinkIsNotWrittenThrough() throws IOException {
        // given key.pem is a symbolic link to a file elsewhere, and one dangling into a place that does not exist yet
        Path elsewhere = Files.write(Files.createDirectory(dir.resolve("elsewhere")).resolve("victim"), OLD_CONTENT);
        Path link = Files.createSymbolicLink(dir.resolve("key.pem"), elsewhere);
        Path dangling = Files.createSymbolicLink(dir.resolve("other.pem"), dir.resolve("elsewhere").resolve("new"));

        // when keys are written at both links
        Throwable throughLink = catchThrowable(() -> RsaKeys.writePrivateKey(link, KEY));
        Throwable throughDangling = catchThrowable(() -> RsaKeys.writePrivateKey(dangling, KEY));

        // then both are refused: the victim keeps its bytes and no file appears at the dangling target
        assertThat(throughLink).isInstanceOf(KeyFileException.class).hasMessageStartingWith(link + ": already exists");
        assertThat(throughDangling).isInstanceOf(KeyFileException.class).hasMessageStartingWith(dangling + ": already exists");
        assertThat(elsewhere).hasBinaryContent(OLD_CONTENT);
        assertThat(dir.resolve("elsewhere").resolve("new")).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aPrivateKeyWriteThatFailsHalfwayLeavesNoFileAndNoTemporaryFile() throws Exception {
        // given a process that may write at most 1 KB per file (a PEM key is about 1.7 KB)
        Path target = dir.resolve("key.pem");

        // when it writes the key
        String outcome = runUnderFileSizeLimit("private-key", target.toString());

        // then the write is refused naming the file, and nothing is left in the directory
        assertThat(outcome).startsWith(KeyFileException.class.getName() + ": " + target + ": cannot be written");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aManifestWriteThatFailsHalfwayKeepsTheOldManifestAndLeavesNoTemporaryFile() throws Exception {
        // given an existing manifest, and a process that may write at most 1 KB per file
        Path content = Files.write(dir.resolve("big.pkg"), new byte[4096]);
        Path target = Files.write(dir.resolve("manifest.plist"), OLD_CONTENT);

        // when it writes a new manifest (about 1.5 KB) over the old one
        String outcome = runUnderFileSizeLimit("manifest", content.toString(), target.toString());

        // then it is refused naming the output; the old manifest is untouched and no temporary file remains
        assertThat(outcome).startsWith(ManifestException.class.getName() + ": " + target + ": cannot write");
        assertThat(target).hasBinaryContent(OLD_CONTENT);
        assertThat(filesIn(dir)).containsExactlyInAnyOrder(content, target);
    }

    @Test
    void signingAManifestThatFailsHalfwayLeavesNoOutputAndTheInputByteForByte() throws Exception {
        // given a manifest to sign, and a process that may write at most 1 KB per file (the signed copy is about 3 KB)
        Path input = copyOfResource("/manifests/apple-ios-app.plist", dir.resolve("app.plist"));
        byte[] inputBefore = Files.readAllBytes(input);
        Path output = dir.resolve("app-signed.plist");

        // when it signs the manifest into a new file
        String outcome = runUnderFileSizeLimit("signed-manifest", TestKeyFiles.key("rsa2048-pkcs8.pem").toString(),
                input.toString(), output.toString());

        // then it is refused naming the output; no output, no temporary file, and the input is unchanged
        assertThat(outcome).startsWith(ManifestException.class.getName() + ": " + output + ": cannot write");
        assertThat(output).doesNotExist();
        assertThat(input).hasBinaryContent(inputBefore);
        assertThat(filesIn(dir)).containsExactly(input);
    }

    @Test
    void signingThatFailsOnALaterAssetWritesNothingAndKeepsAnOlderOutput() throws IOException {
        // given a manifest whose second asset URL is not HTTPS, and an older signed output
        Path input = Files.writeString(dir.resolve("app.plist"), MANIFEST_WITH_PLAIN_HTTP_SECOND_ASSET);
        Path output = Files.write(dir.resolve("app-signed.plist"), OLD_CONTENT);
        ManifestSigner signer = ManifestSigner.builder(ContentTokenSigner.builder(KEY).build()).signImages(true).build();

        // when it is signed
        Throwable thrown = catchThrowable(() -> signer.signManifest(input, output));

        // then the refusal names the input and the asset; the input and the older output keep their bytes
        assertThat(thrown).isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(input + ": items[0].assets[1].url: URL is not HTTPS");
        assertThat(input).hasContent(MANIFEST_WITH_PLAIN_HTTP_SECOND_ASSET);
        assertThat(output).hasBinaryContent(OLD_CONTENT);
        assertThat(filesIn(dir)).containsExactlyInAnyOrder(input, output);
    }

    @Test
    void aManifestNobodyMayReadIsRefusedNamingIt() throws IOException {
        // given a manifest with no permissions (skipped as root, where permissions do not stop reads;
        // anInputThatFailsWithAnIoErrorIsRefusedNamingIt covers the read failure there)
        Path manifest = Files.writeString(dir.resolve("app.plist"), MANIFEST_WITH_PLAIN_HTTP_SECOND_ASSET);
        Files.setPosixFilePermissions(manifest, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(manifest)).as("running as root: files stay readable").isFalse();

        // when it is read, then the error names it
        assertThat(catchThrowable(() -> Manifest.read(manifest)))
                .isInstanceOf(ManifestException.class).hasMessageStartingWith(manifest + ": cannot read manifest");
    }

    @Test
    void aManifestOutputWhoseParentIsAFileIsRefusedNamingIt() throws IOException {
        // given an output path under a regular file
        Path notADirectory = Files.write(dir.resolve("out"), OLD_CONTENT);
        Path output = notADirectory.resolve("manifest.plist");
        Manifest manifest = Manifest.forPackage(Files.write(dir.resolve("app.pkg"), new byte[10]),
                java.net.URI.create("https://example.com/app.pkg"), "com.example.app", "1.0");

        // when the manifest is written there
        Throwable thrown = catchThrowable(() -> manifest.write(output));

        // then it is refused naming the output, and the file in the way is unchanged
        assertThat(thrown).isInstanceOf(ManifestException.class).hasMessageStartingWith(output + ": ");
        assertThat(notADirectory).hasBinaryContent(OLD_CONTENT);
    }

    @Test
    void inputsThatVanishBetweenListingAndReadingAreNamedAsMissing() throws IOException {
        // given a listing of a directory holding a key and a manifest
        Files.copy(TestKeyFiles.key("rsa2048-pkcs8.pem"), dir.resolve("key.pem"));
        Files.write(dir.resolve("manifest.plist"), OLD_CONTENT);
        List<Path> listed = filesIn(dir);

        // when both vanish before they are read
        for (Path file : listed) {
            Files.delete(file);
        }

        // then each read names its file as missing
        assertThat(catchThrowable(() -> RsaKeys.readPrivateKey(dir.resolve("key.pem"))))
                .isInstanceOf(KeyFileException.class).hasMessageStartingWith(dir.resolve("key.pem") + ": no such file");
        assertThat(catchThrowable(() -> Manifest.read(dir.resolve("manifest.plist"))))
                .isInstanceOf(ManifestException.class)
                .hasMessage(dir.resolve("manifest.plist") + ": manifest not found; check the path");
    }

    @Test
    void aDirectoryGivenAsAManifestOrPublicKeyIsRefusedNamingIt() throws IOException {
        // given directories where files are expected
        Path manifestDir = Files.createDirectory(dir.resolve("manifest.plist"));
        Path keyDir = Files.createDirectory(dir.resolve("public.pem"));

        // when they are read, then each error names the path
        assertThat(catchThrowable(() -> Manifest.read(manifestDir)))
                .isInstanceOf(ManifestException.class).hasMessageStartingWith(manifestDir + ": ");
        assertThat(catchThrowable(() -> RsaKeys.readPublicKeys(keyDir)))
                .isInstanceOf(KeyFileException.class)
                .hasMessage(keyDir + ": is a directory, not a key file; give the key file's path");
    }

    @Test
    void anInputThatFailsWithAnIoErrorIsRefusedNamingIt() {
        // given a file whose read fails in the kernel, as root too (/proc/self/mem at offset 0 is EIO)
        Path failing = Path.of("/proc/self/mem");
        assumeThat(Files.exists(failing)).as("Linux /proc").isTrue();

        // when it is read as a key and as a manifest, then each error names it
        assertThat(catchThrowable(() -> RsaKeys.readPrivateKey(failing)))
                .isInstanceOf(KeyFileException.class).hasMessageStartingWith(failing + ": cannot be read");
        assertThat(catchThrowable(() -> Manifest.read(failing)))
                .isInstanceOf(ManifestException.class).hasMessageStartingWith(failing + ": cannot read manifest");
    }

    /** Runs {@link WriteUnderFileSizeLimit} in a child JVM whose files may not grow beyond 1 KB (512 bytes in dash, whose blocks are 512). */
    private static String runUnderFileSizeLimit(String... args) throws IOException, InterruptedException {
        assumeThat(System.getProperty("os.name")).as("needs sh and ulimit").doesNotStartWith("Windows");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder command = new StringBuilder("ulimit -f 1 && exec \"$0\" -XX:-UsePerfData -cp \"$1\" "
                + WriteUnderFileSizeLimit.class.getName());
        for (int i = 0; i < args.length; i++) {
            command.append(" \"$").append(i + 2).append('"');
        }
        List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", command.toString(), java,
                System.getProperty("java.class.path")));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as("child JVM exit code; output:%n%s", output).isZero();
        return output.lines().reduce((first, last) -> last).orElse("");
    }

    private static Path copyOfResource(String resource, Path target) throws IOException {
        try (var in = FilesUnderFaultTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }
}
