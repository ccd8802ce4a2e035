package dev.securedcontent.jwt.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs docs/library.md's manifest examples (the docs show this code: DocSnippetsTest in it checks it). */
class ManifestExamplesTest {

    @Test
    void theReadmeExamplesRun(@TempDir Path dir) throws Exception {
        // given the files the examples start from
        ManifestFixtures.ipa(dir.resolve("App.ipa"),
                ManifestFixtures.xml(ManifestFixtures.infoPlist("com.example.app", "2.3", "230", "Example App", "App")));
        ManifestFixtures.seqFile(dir.resolve("Tool.pkg"), 3_000_000);
        Files.writeString(dir.resolve("books.txt"), "# in-house books\n\nhttps://cdn.example.com/books/guide.epub\n");
        KeyPair pair = RsaKeys.generate();
        RsaKeys.writePrivateKey(dir.resolve("key.pem"), (RSAPrivateCrtKey) pair.getPrivate());
        RsaKeys.writePublicKey(dir.resolve("public.pem"), (RSAPublicKey) pair.getPublic());
        List<Object> printed = new ArrayList<>();

        // when (docs/library.md, verbatim from here to "then", except println -> printed::add)
        Manifest app = Manifest.forIpa(dir.resolve("App.ipa"), URI.create("https://cdn.example.com/apps/App.ipa"));
        app.write(dir.resolve("App.plist"));
        Manifest tool = Manifest.forPackage(dir.resolve("Tool.pkg"), URI.create("https://cdn.example.com/pkgs/Tool.pkg"),
                "com.example.tool", "1.4.2");
        tool.write(dir.resolve("Tool.plist"));

        ContentTokenSigner tokens = ContentTokenSigner.builder(RsaKeys.readPrivateKey(dir.resolve("key.pem"))).build();
        ManifestSigner signer = ManifestSigner.builder(tokens).build();
        signer.signManifest(dir.resolve("App.plist"), dir.resolve("App-signed.plist"));
        signer.signManifest(dir.resolve("Tool.plist"), dir.resolve("Tool-signed.plist"));
        signer.signUrlList(dir.resolve("books.txt"), dir.resolve("books-signed.txt"));

        ContentTokenVerifier verifier = ContentTokenVerifier.builder(RsaKeys.readPublicKey(dir.resolve("public.pem"))).build();
        ManifestChecker checker = ManifestChecker.builder()
                .verifier(verifier)
                .minRemainingValidity(Duration.ofMinutes(2))
                .contentFile("App.ipa", dir.resolve("App.ipa"))
                .contentFile("https://cdn.example.com/pkgs/Tool.pkg", dir.resolve("Tool.pkg"))
                .build();
        List<Finding> findings = new ArrayList<>();
        findings.addAll(checker.checkManifest(dir.resolve("App-signed.plist")));
        findings.addAll(checker.checkManifest(dir.resolve("Tool-signed.plist")));
        findings.addAll(checker.checkUrlList(dir.resolve("books-signed.txt")));
        findings.forEach(printed::add);

        List<Finding> unsigned = checker.checkManifest(dir.resolve("Tool.plist"));
        // [.../Tool.plist: items[0].assets[0].url: TOKEN_MISSING: URL has no token query parameter; sign the manifest ...]

        ChunkHashes hashes = ChunkHashes.of(dir.resolve("Tool.pkg"));        // 10 MiB chunks; or of(file, chunkSize)
        Manifest read = Manifest.read(dir.resolve("Tool-signed.plist"));     // XML or binary plist
        for (Manifest.Asset asset : read.assets()) {
            printed.add(asset.path() + " " + asset.kind() + " " + asset.sha256s().size() + " chunk(s)");
        }
        String xml = read.toXml();                                           // every key, unknown ones included

        // then
        assertThat(printed).containsExactly("items[0].assets[0] software-package 1 chunk(s)");
        assertThat(findings).isEmpty();
        assertThat(unsigned).extracting(Finding::kind).containsExactly(Finding.Kind.TOKEN_MISSING);
        assertThat(unsigned.get(0).toString()).startsWith(dir.resolve("Tool.plist")
                + ": items[0].assets[0].url: TOKEN_MISSING: URL has no token query parameter; sign the manifest");
        assertThat(hashes.sha256s()).isEqualTo(read.assets().get(0).sha256s());
        assertThat(xml).contains("<key>items</key>");
        assertThat(app.items().get(0).metadata().orElseThrow().title()).contains("Example App");
        assertThat(Files.readAllLines(dir.resolve("books-signed.txt")).get(2))
                .startsWith("https://cdn.example.com/books/guide.epub?token=");
    }
}
