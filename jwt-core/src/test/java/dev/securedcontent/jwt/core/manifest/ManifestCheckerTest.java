package dev.securedcontent.jwt.core.manifest;

import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.resource;
import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.seqFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RejectionReason;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCheckerTest {
    private static final long MIB = 1_048_576;
    private static final long PKG_SIZE = 2_397_152; // two full 1 MiB chunks and 300000 bytes
    private static final String PKG_URL = "https://www.example.com/packages/Example.pkg";

    @TempDir
    Path dir;

    /** A package manifest generated from a local file; the plist is handed out for tampering. */
    private NSDictionary packagePlist(Path pkg) {
        return Manifest.forPackage(pkg, URI.create(PKG_URL), "com.example.pkg", "2.1", MIB).toPlist();
    }

    private static NSDictionary item(NSDictionary root) {
        return (NSDictionary) ((NSArray) root.get("items")).objectAtIndex(0);
    }

    private static NSDictionary asset(NSDictionary root) {
        return (NSDictionary) ((NSArray) item(root).get("assets")).objectAtIndex(0);
    }

    private static NSDictionary metadata(NSDictionary root) {
        return (NSDictionary) item(root).get("metadata");
    }

    private Manifest manifest(NSDictionary root) {
        return Manifest.of(root, dir.resolve("app.plist"));
    }

    private static ManifestChecker.Builder checker() {
        return ManifestChecker.builder();
    }

    @Test
    void generatedPackageManifestMatchingItsFileHasNoFindings() {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);

        // when
        List<Finding> findings = checker().contentFile("Example.pkg", pkg).build().check(manifest(packagePlist(pkg)));

        // then
        assertThat(findings).isEmpty();
    }

    @Test
    void applesPublishedShapesHaveNoFindingsWithoutTokenChecks() {
        // given
        Path ios = resource(dir, "apple-ios-app.plist");
        Path mac = resource(dir, "apple-macos-package.plist");

        // when / then
        assertThat(checker().build().checkManifest(ios)).isEmpty();
        assertThat(checker().build().checkManifest(mac)).isEmpty();
    }

    @Test
    void changedChunkIsAHashMismatchNamingTheChunk() throws Exception {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        try (RandomAccessFile file = new RandomAccessFile(pkg.toFile(), "rw")) {
            file.seek(MIB + 10); // inside chunk 1
            file.write('X');
        }

        // when
        List<Finding> findings = checker().contentFile("Example.pkg", pkg).build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind).containsExactly(
                tuple("items[0].assets[0].md5s[1]", Finding.Kind.HASH_MISMATCH),
                tuple("items[0].assets[0].sha256s[1]", Finding.Kind.HASH_MISMATCH));
        assertThat(findings.get(0).message()).contains("chunk 1", pkg.toString(), "regenerate the manifest");
    }

    @Test
    void largerLocalFileIsASizeMismatch() throws Exception {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        seqFile(pkg, 3 * MIB + 1); // rebuilt since: four chunks now

        // when
        List<Finding> findings = checker().contentFile("Example.pkg", pkg).build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind).containsExactly(
                tuple("items[0].metadata.sizeInBytes", Finding.Kind.SIZE_MISMATCH),
                tuple("items[0].assets[0].md5s", Finding.Kind.SIZE_MISMATCH),
                tuple("items[0].assets[0].sha256s", Finding.Kind.SIZE_MISMATCH));
        assertThat(findings.get(0).message()).contains("2397152", "3145729");
    }

    @Test
    void chunkSizeThatDoesNotFitItsHashListIsInconsistent() {
        // given: 3 hashes of 1 MiB chunks for 2397152 bytes, but md5-size says 2 MiB (2 chunks)
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        asset(plist).put("md5-size", 2 * MIB);

        // when
        List<Finding> findings = checker().build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind)
                .containsExactly(tuple("items[0].assets[0].md5-size", Finding.Kind.CHUNK_SIZE_INCONSISTENT));
        assertThat(findings.get(0).message()).contains("needs 2 md5s but there are 3");
    }

    @Test
    void hashListWithoutChunkSizeIsInconsistent() {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        asset(plist).remove("sha256-size");

        // when
        List<Finding> findings = checker().build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind)
                .containsExactly(tuple("items[0].assets[0].sha256-size", Finding.Kind.CHUNK_SIZE_INCONSISTENT));
    }

    @Test
    void missingMetadataKeysAreEachReported() {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        metadata(plist).remove("bundle-identifier");
        metadata(plist).put("title", "  ");

        // when
        List<Finding> findings = checker().build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind).containsExactly(
                tuple("items[0].metadata.bundle-identifier", Finding.Kind.METADATA_MISSING),
                tuple("items[0].metadata.title", Finding.Kind.METADATA_MISSING));
    }

    @Test
    void itemWithoutMetadataIsReported() {
        // given: micromdm writes no metadata
        Path file = resource(dir, "micromdm-package.plist");

        // when
        List<Finding> findings = checker().build().checkManifest(file);

        // then
        assertThat(findings).extracting(Finding::file, Finding::location, Finding::kind)
                .containsExactly(tuple(file, "items[0].metadata", Finding.Kind.METADATA_MISSING));
        assertThat(findings.get(0).message()).contains("bundle-identifier", "title");
    }

    @Test
    void plainHttpUrlIsReportedUnlessAllowed() {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        asset(plist).put("url", "http://www.example.com/packages/Example.pkg");

        // when
        List<Finding> strict = checker().build().check(manifest(plist));
        List<Finding> allowed = checker().allowPlainHttp().build().check(manifest(plist));

        // then
        assertThat(strict).extracting(Finding::location, Finding::kind)
                .containsExactly(tuple("items[0].assets[0].url", Finding.Kind.NOT_HTTPS));
        assertThat(strict.get(0).message()).contains("HTTPS");
        assertThat(allowed).isEmpty();
    }

    @Test
    void urlThatDoesNotParseIsReported() {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        asset(plist).put("url", "https://www.example.com/my package.pkg");

        // when
        List<Finding> findings = checker().build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind)
                .containsExactly(tuple("items[0].assets[0].url", Finding.Kind.URL_INVALID));
        assertThat(findings.get(0).message()).contains("percent-encode");
    }

    @Test
    void relativeUrlIsReported() {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        asset(plist).put("url", "packages/Example.pkg");

        // when
        List<Finding> findings = checker().build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::kind).containsExactly(Finding.Kind.URL_INVALID);
    }

    @Test
    void wrongTypesAndBadHexAreMalformedWithTheirKeyPaths() {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        asset(plist).put("md5-size", "1048576");
        ((NSArray) asset(plist).get("sha256s")).setValue(2, "NOT-HEX");
        metadata(plist).put("sizeInBytes", true);

        // when
        List<Finding> findings = checker().build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind).containsExactlyInAnyOrder(
                tuple("items[0].metadata.sizeInBytes", Finding.Kind.MALFORMED),
                tuple("items[0].assets[0].md5-size", Finding.Kind.MALFORMED),
                tuple("items[0].assets[0].sha256s[2]", Finding.Kind.MALFORMED));
        assertThat(findings).extracting(Finding::message).anySatisfy(m -> assertThat(m).isEqualTo(
                "must be an integer, is a string"));
    }

    @Test
    void missingItemsIsMalformed() {
        // given
        NSDictionary root = new NSDictionary();
        root.put("itemz", new NSArray(0));

        // when
        List<Finding> findings = checker().build().check(manifest(root));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind)
                .containsExactly(tuple("items", Finding.Kind.MALFORMED));
    }

    @Test
    void unparsableManifestFileIsOneMalformedFinding() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("broken.plist"), "<plist><dict><key>items</key><array>");

        // when
        List<Finding> findings = checker().build().checkManifest(file);

        // then
        assertThat(findings).extracting(Finding::file, Finding::location, Finding::kind)
                .containsExactly(tuple(file, "", Finding.Kind.MALFORMED));
        assertThat(findings.get(0).message()).startsWith("not a valid property list");
    }

    @Test
    void missingManifestFileIsUnreadable() {
        // given
        Path file = dir.resolve("absent.plist");

        // when
        List<Finding> findings = checker().build().checkManifest(file);

        // then
        assertThat(findings).extracting(Finding::kind).containsExactly(Finding.Kind.FILE_UNREADABLE);
        assertThat(findings.get(0).toString()).startsWith(file + ": FILE_UNREADABLE: manifest not found");
    }

    @Test
    void missingLocalContentFileIsContentUnreadable() {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        Path absent = dir.resolve("elsewhere/Example.pkg");

        // when
        List<Finding> findings = checker().contentFile(PKG_URL, absent).build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind)
                .containsExactly(tuple("items[0].assets[0].url", Finding.Kind.CONTENT_UNREADABLE));
        assertThat(findings.get(0).message()).contains(absent.toString(), "not found");
    }

    @Test
    void contentFileIsFoundByUrlIgnoringItsQuery() throws Exception {
        // given
        Path pkg = seqFile(dir.resolve("local-copy.bin"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        asset(plist).put("url", PKG_URL + "?token=abc.def.ghi&x=1");
        seqFile(pkg, PKG_SIZE + 1);

        // when
        List<Finding> findings = checker().contentFile(PKG_URL, pkg).build().check(manifest(plist));

        // then: the mapping was used (the file changed, so sizes differ)
        assertThat(findings).extracting(Finding::kind).contains(Finding.Kind.SIZE_MISMATCH);
    }

    @Test
    void severalProblemsInOneManifestAreAllReported() throws Exception {
        // given
        Path pkg = seqFile(dir.resolve("Example.pkg"), PKG_SIZE);
        NSDictionary plist = packagePlist(pkg);
        asset(plist).put("url", "http://www.example.com/packages/Example.pkg");
        metadata(plist).remove("title");
        asset(plist).put("md5-size", 3 * MIB);
        NSDictionary image = new NSDictionary();
        image.put("kind", "display-image");
        image.put("url", "ftp://www.example.com/icon.png");
        NSArray assets = (NSArray) item(plist).get("assets");
        item(plist).put("assets", new NSArray(assets.objectAtIndex(0), image));
        try (RandomAccessFile file = new RandomAccessFile(pkg.toFile(), "rw")) {
            file.seek(0);
            file.write('X');
        }

        // when
        List<Finding> findings = checker().contentFile("Example.pkg", pkg).build().check(manifest(plist));

        // then
        assertThat(findings).extracting(Finding::location, Finding::kind).containsExactlyInAnyOrder(
                tuple("items[0].metadata.title", Finding.Kind.METADATA_MISSING),
                tuple("items[0].assets[0].url", Finding.Kind.NOT_HTTPS),
                tuple("items[0].assets[0].md5-size", Finding.Kind.CHUNK_SIZE_INCONSISTENT),
                tuple("items[0].assets[0].md5s", Finding.Kind.SIZE_MISMATCH),
                tuple("items[0].assets[0].sha256s[0]", Finding.Kind.HASH_MISMATCH),
                tuple("items[0].assets[1].url", Finding.Kind.URL_INVALID));
    }

    @Test
    void urlListFindingsNameTheirLines() throws Exception {
        // given
        Path list = Files.writeString(dir.resolve("books.txt"),
                "# books\n\nhttps://books.example.com/a.epub\nhttp://books.example.com/b.pdf\nhttps://bad host/c.pdf\n");

        // when
        List<Finding> findings = checker().build().checkUrlList(list);

        // then
        assertThat(findings).extracting(Finding::file, Finding::location, Finding::kind).containsExactly(
                tuple(list, "line 4", Finding.Kind.NOT_HTTPS),
                tuple(list, "line 5", Finding.Kind.URL_INVALID));
    }

    /** Checks that need real tokens (ContentTokenSigner/ContentTokenVerifier). */
    @Nested
    class Tokens {
        private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
        private final KeyPair key = ManifestFixtures.rsaKeyPair();

        private ContentTokenSigner signerAt(Instant instant) {
            return ContentTokenSigner.builder(key.getPrivate())
                    .clock(Clock.fixed(instant, ZoneOffset.UTC))
                    .expiry(Duration.ofMinutes(5))
                    .build();
        }

        private ContentTokenVerifier verifier() {
            return ContentTokenVerifier.builder(key.getPublic()).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        }

        private ManifestChecker.Builder tokenChecker() {
            return checker().verifier(verifier()).clock(Clock.fixed(now, ZoneOffset.UTC));
        }

        private Manifest signed(Manifest manifest, Instant at) {
            return ManifestSigner.builder(signerAt(at)).build().sign(manifest);
        }

        @Test
        void freshlySignedManifestHasNoFindings() {
            // given
            Manifest manifest = signed(Manifest.read(resource(dir, "apple-ios-app.plist")), now);

            // when
            List<Finding> findings = tokenChecker().build().check(manifest);

            // then
            assertThat(findings).isEmpty();
        }

        @Test
        void unsignedPackageUrlIsTokenMissing() {
            // given
            Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));

            // when
            List<Finding> findings = tokenChecker().build().check(manifest);

            // then: images carry no token and need none by default
            assertThat(findings).extracting(Finding::location, Finding::kind)
                    .containsExactly(tuple("items[0].assets[0].url", Finding.Kind.TOKEN_MISSING));
        }

        @Test
        void imageTokensAreRequiredWhenAsked() {
            // given
            Manifest manifest = signed(Manifest.read(resource(dir, "apple-ios-app.plist")), now);

            // when
            List<Finding> findings = tokenChecker().requireImageTokens().build().check(manifest);

            // then
            assertThat(findings).extracting(Finding::location, Finding::kind).containsExactly(
                    tuple("items[0].assets[1].url", Finding.Kind.TOKEN_MISSING),
                    tuple("items[0].assets[2].url", Finding.Kind.TOKEN_MISSING));
        }

        @Test
        void expiredTokenIsInvalidWithTheVerifiersReasonAndRedacted() {
            // given: signed an hour ago with a 5 minute expiry
            Manifest manifest = signed(Manifest.read(resource(dir, "apple-ios-app.plist")), now.minus(Duration.ofHours(1)));
            String url = manifest.assets().get(0).url();
            String token = url.substring(url.indexOf("token=") + "token=".length());

            // when
            List<Finding> findings = tokenChecker().build().check(manifest);

            // then
            assertThat(findings).extracting(Finding::location, Finding::kind, Finding::rejectionReason).containsExactly(
                    tuple("items[0].assets[0].url", Finding.Kind.TOKEN_INVALID, Optional.of(RejectionReason.EXPIRED)));
            assertThat(findings.get(0).message()).doesNotContain(token).contains("<redacted>");
        }

        @Test
        void tokenFromAnotherKeyIsInvalid() {
            // given
            ContentTokenSigner otherKey = ContentTokenSigner.builder(ManifestFixtures.rsaKeyPair().getPrivate())
                    .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
            Manifest manifest = ManifestSigner.builder(otherKey).build().sign(Manifest.read(resource(dir, "apple-ios-app.plist")));

            // when
            List<Finding> findings = tokenChecker().build().check(manifest);

            // then
            assertThat(findings).extracting(Finding::kind, Finding::rejectionReason).containsExactly(
                    tuple(Finding.Kind.TOKEN_INVALID, Optional.of(RejectionReason.BAD_SIGNATURE)));
        }

        @Test
        void tokenValidForLessThanRequiredExpiresTooSoon() {
            // given: 5 minute token, 10 minutes required
            Manifest manifest = signed(Manifest.read(resource(dir, "apple-ios-app.plist")), now);

            // when
            List<Finding> findings = tokenChecker().minRemainingValidity(Duration.ofMinutes(10)).build().check(manifest);
            List<Finding> relaxed = tokenChecker().minRemainingValidity(Duration.ofMinutes(4)).build().check(manifest);

            // then
            assertThat(findings).extracting(Finding::location, Finding::kind)
                    .containsExactly(tuple("items[0].assets[0].url", Finding.Kind.TOKEN_EXPIRES_TOO_SOON));
            assertThat(findings.get(0).message()).contains("(in 5 min 0 s); at least 10 min 0 s");
            assertThat(relaxed).isEmpty();
        }

        @Test
        void urlListWithUnsignedLineIsTokenMissingOnThatLine() throws Exception {
            // given
            Path list = Files.writeString(dir.resolve("books.txt"), "# books\nhttps://b.example.com/a.epub\n");
            Path signedList = dir.resolve("signed.txt");
            ManifestSigner.builder(signerAt(now)).build().signUrlList(list, signedList);
            Files.writeString(signedList, Files.readString(signedList) + "\nhttps://b.example.com/b.pdf\n");

            // when
            List<Finding> findings = tokenChecker().build().checkUrlList(signedList);

            // then
            assertThat(findings).extracting(Finding::location, Finding::kind)
                    .containsExactly(tuple("line 4", Finding.Kind.TOKEN_MISSING));
        }
    }
}
