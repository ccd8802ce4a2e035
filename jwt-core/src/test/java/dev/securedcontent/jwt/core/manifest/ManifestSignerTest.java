package dev.securedcontent.jwt.core.manifest;

import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.binary;
import static dev.securedcontent.jwt.core.manifest.ManifestFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSignerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PACKAGE_URL = "https://www.example.com/apps/foo.ipa?channel=beta&build=42";

    @TempDir
    Path dir;

    private final KeyPair key = ManifestFixtures.rsaKeyPair();

    private ManifestSigner.Builder signer() {
        return ManifestSigner.builder(ContentTokenSigner.builder(key.getPrivate())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build());
    }

    /** Verifies with jjwt, independently of ContentTokenVerifier. */
    private Claims claimsOf(String url) {
        String query = url.substring(url.indexOf('?') + 1);
        List<String> tokens = dev.securedcontent.jwt.core.TokenParameter.rawValues(java.net.URI.create(url));
        assertThat(tokens).as("token parameters in %s", query).hasSize(1);
        return Jwts.parser()
                .verifyWith(key.getPublic())
                .clock(() -> Date.from(NOW))
                .build()
                .parseSignedClaims(tokens.get(0))
                .getPayload();
    }

    @Test
    void packageUrlGetsATokenAndKeepsItsOtherQueryParameters() {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));

        // when
        Manifest signed = signer().build().sign(manifest);

        // then
        String url = signed.assets().get(0).url();
        assertThat(url).startsWith(PACKAGE_URL + "&token=");
        Claims claims = claimsOf(url);
        assertThat(claims.getSubject()).isEqualTo("AppManifest");
        assertThat(claims.getIssuer()).isEqualTo("JSS");
        assertThat(claims.getExpiration().toInstant()).isEqualTo(NOW.plus(ContentTokenSigner.DEFAULT_EXPIRY));
    }

    @Test
    void imagesAreLeftAloneByDefault() {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));

        // when
        Manifest signed = signer().build().sign(manifest);

        // then
        assertThat(signed.assets()).extracting(Manifest.Asset::url).endsWith(
                "https://www.example.com/image.57x57.png",
                "https://www.example.com/image.512x512.jpg");
    }

    @Test
    void imagesAreSignedWhenAsked() {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));

        // when
        Manifest signed = signer().signImages(true).build().sign(manifest);

        // then
        assertThat(signed.assets()).extracting(Manifest.Asset::url)
                .allSatisfy(url -> assertThat(claimsOf(url).getIssuer()).isEqualTo("JSS"));
    }

    @Test
    void signingKeepsEveryOtherKey() {
        // given
        Manifest manifest = Manifest.read(resource(dir, "apple-ios-app.plist"));

        // when
        NSDictionary signed = signer().build().sign(manifest).toPlist();

        // then: only the package url changed
        NSDictionary signedAsset = (NSDictionary) ((com.dd.plist.NSArray) ((NSDictionary) ((com.dd.plist.NSArray)
                signed.get("items")).objectAtIndex(0)).get("assets")).objectAtIndex(0);
        assertThat(signedAsset.get("url").toJavaObject()).asString().startsWith(PACKAGE_URL + "&token=");
        signedAsset.put("url", PACKAGE_URL);
        assertThat((Object) signed).isEqualTo(manifest.toPlist());
    }

    @Test
    void existingTokenIsReplacedNotDuplicated() {
        // given
        Manifest manifest = signer().build().sign(Manifest.read(resource(dir, "apple-ios-app.plist")));
        String firstUrl = manifest.assets().get(0).url();
        ContentTokenSigner later = ContentTokenSigner.builder(key.getPrivate())
                .clock(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).build();

        // when
        String url = ManifestSigner.builder(later).build().sign(manifest).assets().get(0).url();

        // then
        assertThat(url).isNotEqualTo(firstUrl);
        assertThat(dev.securedcontent.jwt.core.TokenParameter.rawValues(java.net.URI.create(url))).hasSize(1);
    }

    @Test
    void plainHttpPackageUrlIsAnErrorNamingItsKeyPath() throws Exception {
        // given
        Path input = Files.writeString(dir.resolve("http.plist"), Files.readString(resource(dir, "apple-ios-app.plist"))
                .replace("https://www.example.com/apps/foo.ipa", "http://www.example.com/apps/foo.ipa"));
        Manifest manifest = Manifest.read(input);

        // when / then
        assertThatThrownBy(() -> signer().build().sign(manifest))
                .isInstanceOf(ManifestException.class)
                .hasMessage(input + ": items[0].assets[0].url: URL is not HTTPS (http://www.example.com/apps/foo.ipa);"
                        + " devices refuse plain HTTP downloads: serve it over HTTPS");
    }

    @Test
    void plainHttpIsSignedWhenExplicitlyAllowed() throws Exception {
        // given
        Path input = Files.writeString(dir.resolve("http.plist"), Files.readString(resource(dir, "apple-ios-app.plist"))
                .replace("https://www.example.com/apps/foo.ipa", "http://www.example.com/apps/foo.ipa"));

        // when
        Manifest signed = signer().allowPlainHttp().build().sign(Manifest.read(input));

        // then
        assertThat(signed.assets().get(0).url()).startsWith("http://www.example.com/apps/foo.ipa?channel=beta&build=42&token=");
    }

    @Test
    void signedOutputsHoldTokensSoOnlyTheirOwnerMayReadThem() throws Exception {
        // given a manifest and a URL list, and an older signed output that anyone could read
        Path manifest = resource(dir, "apple-ios-app.plist");
        Path list = Files.writeString(dir.resolve("urls.txt"), "https://www.example.com/a.pkg\n");
        Path signedManifest = Files.writeString(dir.resolve("signed.plist"), "older");
        Files.setPosixFilePermissions(signedManifest, PosixFilePermissions.fromString("rw-rw-r--"));
        Path signedList = dir.resolve("signed-urls.txt");

        // when
        signer().build().signManifest(manifest, signedManifest);
        signer().build().signUrlList(list, signedList);

        // then both are rw------- whatever the umask or the replaced file's permissions
        assertThat(Files.getPosixFilePermissions(signedManifest)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(signedList)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void signingAFileNeverChangesTheInputAndWritesTheOutput() throws Exception {
        // given
        Path input = resource(dir, "apple-ios-app.plist");
        Files.setLastModifiedTime(input, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        byte[] before = Files.readAllBytes(input);
        Path output = dir.resolve("signed.plist");

        // when
        signer().build().signManifest(input, output);

        // then
        assertThat(Files.readAllBytes(input)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(input)).isEqualTo(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(Manifest.read(output).assets().get(0).url()).contains("&token=");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(input, output);
        }
    }

    @Test
    void binaryInputIsSignedIntoAnXmlOutput() throws Exception {
        // given
        Path input = dir.resolve("binary.plist");
        Files.write(input, binary((NSDictionary) PropertyListParser.parse(resource(dir, "apple-ios-app.plist"))));
        Path output = dir.resolve("signed.plist");

        // when
        signer().build().signManifest(input, output);

        // then
        assertThat(Files.readString(output)).startsWith("<?xml");
        assertThat(Manifest.read(output).assets().get(0).url()).startsWith(PACKAGE_URL + "&token=");
    }

    @Test
    void outputThatIsTheInputIsRefused() {
        // given
        Path input = resource(dir, "apple-ios-app.plist");

        // when / then
        assertThatThrownBy(() -> signer().build().signManifest(input, dir.resolve("./apple-ios-app.plist")))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("output is the input file");
    }

    @Test
    void failedSigningWritesNoOutput() throws Exception {
        // given
        Path input = Files.writeString(dir.resolve("http.plist"), Files.readString(resource(dir, "apple-ios-app.plist"))
                .replace("https://www.example.com/apps/foo.ipa", "http://www.example.com/apps/foo.ipa"));
        Path output = dir.resolve("signed.plist");

        // when
        assertThatThrownBy(() -> signer().build().signManifest(input, output)).isInstanceOf(ManifestException.class);

        // then
        assertThat(output).doesNotExist();
    }

    @Test
    void urlListGetsTokensAndKeepsCommentsAndBlankLines() throws Exception {
        // given
        Path input = Files.writeString(dir.resolve("books.txt"),
                "# books\n\nhttps://books.example.com/a.epub\n  https://books.example.com/b.pdf?lang=en\n");
        Path output = dir.resolve("signed.txt");

        // when
        signer().build().signUrlList(input, output);

        // then
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 2)).containsExactly("# books", "");
        assertThat(lines.get(2)).startsWith("https://books.example.com/a.epub?token=");
        assertThat(lines.get(3)).startsWith("  https://books.example.com/b.pdf?lang=en&token=");
        assertThat(claimsOf(lines.get(3).strip()).getSubject()).isEqualTo("AppManifest");
    }

    @Test
    void plainHttpLineInAUrlListIsAnErrorNamingTheLine() throws Exception {
        // given
        Path input = Files.writeString(dir.resolve("books.txt"), "# books\nhttp://books.example.com/a.epub\n");

        // when / then
        assertThatThrownBy(() -> signer().build().signUrlList(input, dir.resolve("signed.txt")))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(input + ": line 2: URL is not HTTPS");
    }

    @Test
    void urlThatDoesNotParseIsAnErrorNamingItsKeyPath() throws Exception {
        // given
        Path input = Files.writeString(dir.resolve("spaces.plist"), Files.readString(resource(dir, "apple-ios-app.plist"))
                .replace("https://www.example.com/apps/foo.ipa", "https://www.example.com/my apps/foo.ipa"));
        Manifest manifest = Manifest.read(input);

        // when / then
        assertThatThrownBy(() -> signer().build().sign(manifest))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(input + ": items[0].assets[0].url: not a valid URL")
                .hasMessageContaining("percent-encode");
    }

    @Test
    void malformedManifestIsAnErrorNamingTheKeyPath() {
        // given
        NSDictionary root = new NSDictionary();
        root.put("items", "not an array");
        Manifest manifest = Manifest.of(root, dir.resolve("odd.plist"));

        // when / then
        assertThatThrownBy(() -> signer().build().sign(manifest))
                .isInstanceOf(ManifestException.class)
                .hasMessage(dir.resolve("odd.plist") + ": items: must be an array, is a string");
    }
}
