package dev.securedcontent.jwt.core.manifest;

import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.binary;
import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.infoPlist;
import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.ipa;
import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.resource;
import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.seqFile;
import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.PropertyListParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"apple-ios-app.plist", "micromdm-package.plist", "apple-macos-package.plist"})
    void roundTripKeepsEveryKeyValueAndOrder(String name) throws Exception {
        // given
        Path input = resource(dir, name);
        NSDictionary original = (NSDictionary) PropertyListParser.parse(input);

        // when
        Path output = dir.resolve("out-" + name);
        Manifest.read(input).write(output);

        // then
        NSDictionary written = (NSDictionary) PropertyListParser.parse(output);
        assertThat((Object) written).isEqualTo(original);
        assertThat(written.toXMLPropertyList()).isEqualTo(original.toXMLPropertyList());
    }

    @Test
    void writingWhatWasReadIsByteIdenticalTheSecondTime() throws Exception {
        // given
        Path first = dir.resolve("first.plist");
        Manifest.read(resource(dir, "apple-ios-app.plist")).write(first);

        // when
        Path second = dir.resolve("second.plist");
        Manifest.read(first).write(second);

        // then
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void unknownKeysSurviveARoundTrip() throws Exception {
        // given
        Path input = resource(dir, "apple-ios-app.plist");

        // when
        Path output = dir.resolve("out.plist");
        Manifest.read(input).write(output);

        // then
        String xml = Files.readString(output);
        assertThat(xml).contains("x-vendor-note", "x-build", "<date>2026-11-28T12:00:00Z</date>",
                "<real>0.75</real>", "x-generated-by", "needs-shine");
    }

    @Test
    void binaryPlistReadsLikeItsXmlTwin() throws Exception {
        // given
        Path xmlFile = resource(dir, "apple-macos-package.plist");
        NSDictionary plist = (NSDictionary) PropertyListParser.parse(xmlFile);
        Path binaryFile = dir.resolve("binary.plist");
        Files.write(binaryFile, binary(plist));

        // when
        Manifest fromBinary = Manifest.read(binaryFile);

        // then
        assertThat(Files.readAllBytes(binaryFile)).startsWith("bplist00".getBytes(StandardCharsets.US_ASCII));
        assertThat(fromBinary).isEqualTo(Manifest.read(xmlFile));
        assertThat((Object) fromBinary.toPlist()).isEqualTo(plist);
    }

    @Test
    void binaryInputIsWrittenAsXml() throws Exception {
        // given
        NSDictionary plist = (NSDictionary) PropertyListParser.parse(resource(dir, "apple-ios-app.plist"));
        Path binaryFile = dir.resolve("binary.plist");
        Files.write(binaryFile, binary(plist));

        // when
        Path output = dir.resolve("out.plist");
        Manifest.read(binaryFile).write(output);

        // then
        assertThat(Files.readString(output)).startsWith("<?xml");
        assertThat(PropertyListParser.parse(output)).isEqualTo(plist);
    }

    @Test
    void typedViewsReadAppleAppManifest() {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));

        // when
        List<Manifest.Item> items = manifest.items();

        // then
        assertThat(items).hasSize(1);
        assertThat(items.get(0).assets()).extracting(Manifest.Asset::path, Manifest.Asset::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("items[0].assets[0]", "software-package"),
                        org.assertj.core.groups.Tuple.tuple("items[0].assets[1]", "display-image"),
                        org.assertj.core.groups.Tuple.tuple("items[0].assets[2]", "full-size-image"));
        assertThat(items.get(0).assets().get(0).url()).isEqualTo("https://www.example.com/apps/foo.ipa?channel=beta&build=42");
        Manifest.Metadata metadata = items.get(0).metadata().orElseThrow();
        assertThat(metadata.bundleIdentifier()).contains("com.example.fooapp");
        assertThat(metadata.bundleVersion()).contains("1.0");
        assertThat(metadata.kind()).contains("software");
        assertThat(metadata.title()).contains("Example Corporate App");
        assertThat(metadata.subtitle()).contains("Apple");
    }

    @Test
    void typedViewsReadChunkHashes() {
        // given
        Manifest manifest = Manifest.read(resource(dir, "micromdm-package.plist"));

        // when
        Manifest.Asset asset = manifest.assets().get(0);

        // then
        assertThat(asset.md5Size()).hasValue(10_485_760L);
        assertThat(asset.md5s()).containsExactly("0195fabb7c633c1e4c7e19b7979d8106", "c4ca4238a0b923820dcc509a6f75849b");
        assertThat(asset.sha256Size()).isEmpty();
        assertThat(asset.sha256s()).isEmpty();
        assertThat(manifest.items().get(0).metadata()).isEmpty();
    }

    @Test
    void malformedPlistIsAnErrorNamingTheFileWithoutALibraryStackTrace() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("broken.plist"), "<?xml version=\"1.0\"?><plist><dict><key>items</key>");

        // when / then
        assertThatThrownBy(() -> Manifest.read(file))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(file + ": not a valid property list");
    }

    @Test
    void malformedXmlPlistIsAnErrorNamingTheLineAndColumn() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("broken.plist"),
                "<?xml version=\"1.0\"?>\n<plist>\n<dict><key>items</key><array></dict>\n</plist>\n");

        // when / then
        assertThatThrownBy(() -> Manifest.read(file))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(file + ": not a valid property list (XML): line 3, column ");
    }

    @Test
    void externalEntitiesInAnXmlPlistAreNeverResolved() throws Exception {
        // given
        Path secret = Files.writeString(dir.resolve("secret.txt"), "do-not-read");
        Path file = Files.writeString(dir.resolve("xxe.plist"), "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE plist [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<plist><dict><key>items</key><string>&x;</string></dict></plist>\n");

        // when
        String text;
        try {
            text = Manifest.read(file).toXml();
        } catch (ManifestException refused) {
            text = refused.getMessage();
        }

        // then
        assertThat(text).doesNotContain("do-not-read");
    }

    @Test
    void truncatedBinaryPlistIsAnErrorNamingTheFile() throws Exception {
        // given
        byte[] whole = binary((NSDictionary) PropertyListParser.parse(resource(dir, "apple-ios-app.plist")));
        Path file = dir.resolve("truncated.plist");
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

        // when / then
        assertThatThrownBy(() -> Manifest.read(file))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(file + ": not a valid property list");
    }

    @Test
    void topLevelArrayIsAnErrorNamingTheType() throws Exception {
        // given
        Path file = dir.resolve("array.plist");
        Files.writeString(file, new NSArray(new NSNumber(1)).toXMLPropertyList());

        // when / then
        assertThatThrownBy(() -> Manifest.read(file))
                .isInstanceOf(ManifestException.class)
                .hasMessage(file + ": (top level): must be a dictionary, is an array");
    }

    @Test
    void missingFileIsAnErrorNamingIt() {
        // given
        Path file = dir.resolve("nothing.plist");

        // when / then
        assertThatThrownBy(() -> Manifest.read(file))
                .isInstanceOf(ManifestException.class)
                .hasMessage(file + ": manifest not found; check the path");
    }

    @Test
    void directoryIsAnErrorAskingForThePlist() {
        // given
        Path directory = dir;

        // when / then
        assertThatThrownBy(() -> Manifest.read(directory))
                .isInstanceOf(ManifestException.class)
                .hasMessage(directory + ": is a directory, not a manifest file; give the path of the .plist");
    }

    @Test
    void wrongValueTypeInTypedViewNamesTheKeyPath() throws Exception {
        // given
        String xml = Files.readString(resource(dir, "micromdm-package.plist"))
                .replace("<integer>10485760</integer>", "<string>10485760</string>");
        Path file = Files.writeString(dir.resolve("wrong-type.plist"), xml);
        Manifest manifest = Manifest.read(file);

        // when / then
        assertThatThrownBy(manifest::items)
                .isInstanceOf(ManifestException.class)
                .hasMessage(file + ": items[0].assets[0].md5-size: must be an integer, is a string")
                .satisfies(e -> assertThat(((ManifestException) e).location()).contains("items[0].assets[0].md5-size"));
    }

    @Test
    void missingKeyInTypedViewNamesTheKeyPath() throws Exception {
        // given
        NSDictionary asset = new NSDictionary();
        asset.put("kind", "software-package");
        NSDictionary item = new NSDictionary();
        item.put("assets", new NSArray(asset));
        NSDictionary root = new NSDictionary();
        root.put("items", new NSArray(item));
        Manifest manifest = Manifest.of(root, dir.resolve("made.plist"));

        // when / then
        assertThatThrownBy(manifest::items)
                .isInstanceOf(ManifestException.class)
                .hasMessage(dir.resolve("made.plist") + ": items[0].assets[0].url: required key is missing; add it");
    }

    @Test
    void writeReplacesTheOutputAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));
        Path outDir = Files.createDirectory(dir.resolve("out"));
        Path output = Files.writeString(outDir.resolve("app.plist"), "old content");
        Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rw-rw-r--"));
        Object inodeBefore = Files.readAttributes(output, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        // when
        manifest.write(output);

        // then: a new file was moved into place (new inode), not the old one rewritten in place
        assertThat(Files.readAttributes(output, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isNotEqualTo(inodeBefore);
        assertThat(Manifest.read(output)).isEqualTo(manifest);
        assertThat(Files.getPosixFilePermissions(output)).isEqualTo(PosixFilePermissions.fromString("rw-rw-r--"));
        try (var files = Files.list(outDir)) {
            assertThat(files).containsExactly(output);
        }
    }

    @Test
    void newOutputIsWorldReadableForTheWebServer() throws Exception {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));

        // when
        Path output = dir.resolve("new.plist");
        manifest.write(output);

        // then
        assertThat(Files.getPosixFilePermissions(output)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void writeIntoMissingDirectoryIsAnErrorNamingIt() {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));
        Path output = dir.resolve("no-such-dir/app.plist");

        // when / then
        assertThatThrownBy(() -> manifest.write(output))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("app.plist")
                .hasMessageContaining("does not exist");
    }

    @Test
    void ipaWithXmlInfoPlistGivesItsMetadata() {
        // given
        Path ipa = ipa(dir.resolve("App.ipa"), xml(infoPlist("com.example.app", "2.3.1", "231", "Example App", "ExampleApp")));

        // when
        Manifest manifest = Manifest.forIpa(ipa, URI.create("https://cdn.example.com/apps/App.ipa"));

        // then
        Manifest.Metadata metadata = manifest.items().get(0).metadata().orElseThrow();
        assertThat(metadata.bundleIdentifier()).contains("com.example.app");
        assertThat(metadata.bundleVersion()).contains("2.3.1");
        assertThat(metadata.title()).contains("Example App");
        assertThat(metadata.kind()).contains("software");
        Manifest.Asset asset = manifest.assets().get(0);
        assertThat(asset.kind()).isEqualTo("software-package");
        assertThat(asset.url()).isEqualTo("https://cdn.example.com/apps/App.ipa");
        ChunkHashes hashes = ChunkHashes.of(ipa);
        assertThat(asset.md5Size()).hasValue(hashes.chunkSize());
        assertThat(asset.md5s()).isEqualTo(hashes.md5s()).hasSize(1);
        assertThat(manifest.source()).isEqualTo(ipa);
    }

    @Test
    void ipaWithBinaryInfoPlistFallsBackToBundleVersionAndName() {
        // given
        Path ipa = ipa(dir.resolve("App.ipa"), binary(infoPlist("com.example.app", null, "77", null, "ExampleApp")));

        // when
        Manifest manifest = Manifest.forIpa(ipa, URI.create("https://cdn.example.com/App.ipa"));

        // then
        Manifest.Metadata metadata = manifest.items().get(0).metadata().orElseThrow();
        assertThat(metadata.bundleVersion()).contains("77");
        assertThat(metadata.title()).contains("ExampleApp");
    }

    @Test
    void ipaManifestPassesTheChecker() {
        // given
        Path ipa = ipa(dir.resolve("App.ipa"), xml(infoPlist("com.example.app", "1.0", "1", "App", "App")));
        Manifest manifest = Manifest.forIpa(ipa, URI.create("https://cdn.example.com/App.ipa"));

        // when
        List<Finding> findings = ManifestChecker.builder().contentFile("App.ipa", ipa).build().check(manifest);

        // then
        assertThat(findings).isEmpty();
    }

    @Test
    void ipaWithoutInfoPlistIsAClearError() {
        // given
        Path ipa = ipa(dir.resolve("NoInfo.ipa"), null);

        // when / then
        assertThatThrownBy(() -> Manifest.forIpa(ipa, URI.create("https://cdn.example.com/NoInfo.ipa")))
                .isInstanceOf(ManifestException.class)
                .hasMessage(ipa + ": no Payload/<App>.app/Info.plist in the archive; an .ipa must hold the app"
                        + " bundle under Payload/ (rebuild or re-export it)");
    }

    @Test
    void ipaWithoutBundleIdentifierNamesTheInfoPlistKey() {
        // given
        Path ipa = ipa(dir.resolve("App.ipa"), xml(infoPlist(null, "1.0", "1", "App", "App")));

        // when / then
        assertThatThrownBy(() -> Manifest.forIpa(ipa, URI.create("https://cdn.example.com/App.ipa")))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("Payload/App.app/Info.plist CFBundleIdentifier")
                .hasMessageContaining("bundle identifier");
    }

    @Test
    void ipaWithUnparsableInfoPlistNamesTheEntry() {
        // given
        Path ipa = ipa(dir.resolve("App.ipa"), "<plist><dict><key>oops".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThatThrownBy(() -> Manifest.forIpa(ipa, URI.create("https://cdn.example.com/App.ipa")))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(ipa + ": Payload/App.app/Info.plist: not a valid property list");
    }

    @Test
    void fileThatIsNotAZipIsAClearError() throws Exception {
        // given
        Path notZip = Files.writeString(dir.resolve("App.ipa"), "this is not a zip");

        // when / then
        assertThatThrownBy(() -> Manifest.forIpa(notZip, URI.create("https://cdn.example.com/App.ipa")))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(notZip + ": not a zip archive");
    }

    @Test
    void packageManifestHasBothHashListsSizeAndBundleItems() {
        // given: seq 1 3000000 | head -c 2397152
        Path pkg = seqFile(dir.resolve("Example.pkg"), 2_397_152);

        // when
        Manifest manifest = Manifest.forPackage(pkg, URI.create("https://www.example.com/Example.pkg"),
                "com.example.pkg", "2.1", 1_048_576);

        // then
        Manifest.Asset asset = manifest.assets().get(0);
        assertThat(asset.md5Size()).hasValue(1_048_576L);
        assertThat(asset.sha256Size()).hasValue(1_048_576L);
        assertThat(asset.md5s()).hasSize(3).startsWith("a8177876b2886cb74338f9a050089431");
        assertThat(asset.sha256s()).containsExactly(
                "a7a14d0926bda540030fd4c43a64aa0c8a343f5cd735e34b45150c4b0b7a528e",
                "336fb4a1628f3e2b779a771674d0add400e7a5769c5534d30c8b8f2902bf6591",
                "edbaf236dc42c4f9b1b9d2c3174b520942bbdd2b39f4278340a15936fada6841");
        Manifest.Metadata metadata = manifest.items().get(0).metadata().orElseThrow();
        assertThat(metadata.sizeInBytes()).hasValue(2_397_152L);
        assertThat(metadata.title()).contains("Example");
        NSDictionary bundle = (NSDictionary) ((NSArray) ((NSDictionary) ((NSDictionary) ((NSArray) manifest.toPlist()
                .get("items")).objectAtIndex(0)).get("metadata")).get("items")).objectAtIndex(0);
        assertThat(bundle.get("bundle-identifier").toJavaObject()).isEqualTo("com.example.pkg");
        assertThat(bundle.get("bundle-version").toJavaObject()).isEqualTo("2.1");
    }

    @Test
    void emptyPackageIsRefused() throws Exception {
        // given
        Path pkg = Files.createFile(dir.resolve("Empty.pkg"));

        // when / then
        assertThatThrownBy(() -> Manifest.forPackage(pkg, URI.create("https://h/Empty.pkg"), "com.example", "1"))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("Empty.pkg")
                .hasMessageContaining("empty");
    }

    @Test
    void toPlistIsACopy() {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));

        // when
        manifest.toPlist().put("items", "changed");

        // then
        assertThat(manifest.items()).hasSize(1);
    }
}
