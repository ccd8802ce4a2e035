package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.securedcontent.jwt.core.manifest.Finding;
import dev.securedcontent.jwt.core.manifest.Manifest;
import dev.securedcontent.jwt.core.manifest.ManifestChecker;
import dev.securedcontent.jwt.core.manifest.ManifestSigner;
import dev.securedcontent.jwt.core.manifest.UrlList;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Runs jwt-core's error paths (bad passphrases and keys, every bad token of {@link BadTokenCorpus},
 * manifest and URL-list findings and refusals) and checks every message, {@code toString} and
 * everything printed to stdout/stderr meanwhile for the private key, the passphrases and the
 * tokens' signatures ({@link SecretMaterial}).
 *
 * <p>Isolated: it swaps {@code System.out} and {@code System.err} to catch what third-party
 * parsers print.
 */
@Isolated
class NoSecretsInOutputTest {
    private static final String PASSPHRASE = new String(TestKeyFiles.PASSPHRASE);
    private static final String WRONG_PASSPHRASE = "Tr0ub4dor&3-wrong";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final RSAPrivateCrtKey key = RsaKeys.readPrivateKey(TestKeyFiles.key("rsa2048-pkcs8.pem"));
    private final KeyPair trusted = new KeyPair(RsaKeys.publicKeyOf(key), key);
    private final SecretMaterial secrets = new SecretMaterial().privateKey(key).passphrase(PASSPHRASE).passphrase(WRONG_PASSPHRASE);
    private final List<String> outputs = new ArrayList<>();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capturePrintedOutput() {
        originalOut = System.out;
        originalErr = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
    }

    @AfterEach
    void restorePrintedOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void keyErrorsShowNeitherTheKeyNorAPassphrase() throws IOException {
        // given the test key in every encrypted form, and damaged or misplaced copies of it
        String pem = TestKeyFiles.text("rsa2048-pkcs8.pem");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        String damagedBody = body.substring(0, 400) + (body.charAt(400) == 'A' ? 'B' : 'A') + body.substring(401);
        Path existing = Files.writeString(dir.resolve("existing.pem"), "something else");
        Path twoKeys = Files.writeString(dir.resolve("two.pem"), pem + TestKeyFiles.text("rsa3072-pkcs8.pem"));

        // when every error path of the key reader and writer runs
        for (String encrypted : List.of("rsa2048-pkcs8-encrypted.pem", "rsa2048-pkcs8-encrypted-scrypt.pem",
                "rsa2048-pkcs8-encrypted-pbes1.pem", "rsa2048-legacy-aes256.pem", "rsa2048-legacy-des3.pem")) {
            Path file = TestKeyFiles.key(encrypted);
            run("wrong passphrase, " + encrypted, () -> RsaKeys.readPrivateKey(file, WRONG_PASSPHRASE.toCharArray()));
            run("no passphrase, " + encrypted, () -> RsaKeys.readPrivateKey(file, null));
            run("public keys of " + encrypted, () -> RsaKeys.readPublicKeys(file));
            String text = TestKeyFiles.text(encrypted);
            run("encrypted text, wrong passphrase, " + encrypted, () -> RsaKeys.readPrivateKey(text, WRONG_PASSPHRASE.toCharArray(), "JWT_PRIVATE_KEY"));
        }
        run("damaged PEM text", () -> RsaKeys.readPrivateKey(pem.replace(body.substring(0, 64), damagedBody.substring(0, 64))
                .replace(body.substring(384, 448), damagedBody.substring(384, 448)), null, "JWT_PRIVATE_KEY"));
        run("damaged bare body", () -> RsaKeys.readPrivateKey(damagedBody, null, "JWT_PRIVATE_KEY"));
        run("half a PEM", () -> RsaKeys.readPrivateKey(pem.substring(0, pem.length() / 2), null, "JWT_PRIVATE_KEY"));
        run("escaped newlines, damaged", () -> RsaKeys.readPrivateKey(pem.replace("\n", "\\n").replace(body.substring(384, 448),
                damagedBody.substring(384, 448)), null, "JWT_PRIVATE_KEY"));
        run("public keys of damaged text", () -> RsaKeys.readPublicKeys(damagedBody, "JWT_PUBLIC_KEY"));
        run("two private keys", () -> RsaKeys.readPrivateKey(twoKeys));
        run("key over an existing file", () -> {
            RsaKeys.writePrivateKey(existing, key);
            return null;
        });
        run("signer with a 1024-bit key", () -> ContentTokenSigner.builder(RsaKeys.readPrivateKey(TestKeyFiles.key("rsa1024-pkcs8.pem"))).build());
        run("verifier builder without keys", () -> ContentTokenVerifier.builder(List.of()));

        // then nothing shows a secret
        assertNoSecretsShown();
    }

    @Test
    void everyRejectedTokenAndItsRedactionShowNoSignature() {
        // given every bad token of the corpus, and the valid ones, signed by the test key
        ContentTokenVerifier verifier = ContentTokenVerifier.builder(trusted.getPublic()).clock(CLOCK).build();
        KeyPair untrusted = BadTokenCorpus.newKeyPair();
        List<String> tokens = new ArrayList<>();
        BadTokenCorpus.cases(trusted, untrusted, CLOCK).forEach(c -> tokens.add(c.token()));
        BadTokenCorpus.validTokens(trusted, CLOCK).forEach(v -> tokens.add(v.token()));
        tokens.forEach(secrets::token);
        assertThat(tokens).hasSizeGreaterThan(100);

        // when each is verified, as a token and on a URL (alone and twice), and redacted
        for (String token : tokens) {
            outputs.add(ContentTokens.redact(token));
            run("verify", () -> outputs.add("verified: " + verifier.verify(token)));
            URI url = URI.create("https://dl.example.com/app.ipa?a=1&token=" + percentEncoded(token));
            run("verifyUrl", () -> verifier.verifyUrl(url));
            run("verifyUrl, token twice", () -> verifier.verifyUrl(URI.create(url + "&token=" + url.getRawQuery().substring("a=1&token=".length()))));
        }

        // then no message, result or redaction shows a signature
        assertNoSecretsShown();
    }

    @Test
    void manifestFindingsAndRefusalsShowNoSignatureAndNoKey() throws IOException {
        // given tokens of every kind on the URLs of a manifest and a URL list
        ContentTokenSigner signer = ContentTokenSigner.builder(key).clock(CLOCK).build();
        ContentTokenSigner otherSigner = ContentTokenSigner.builder(BadTokenCorpus.newKeyPair().getPrivate()).clock(CLOCK).build();
        ContentTokenSigner pastSigner = ContentTokenSigner.builder(key)
                .clock(Clock.offset(CLOCK, Duration.ofHours(-1))).build();
        String valid = signer.sign();
        String forged = otherSigner.sign();
        String expired = pastSigner.sign();
        String tampered = valid.substring(0, valid.length() - 5) + "AAAAA";
        for (String token : List.of(valid, forged, expired, tampered)) {
            secrets.token(token);
        }
        List<String> urls = List.of(
                "https://dl.example.com/a.ipa?token=" + valid,
                "https://dl.example.com/b.ipa?token=" + forged,
                "https://dl.example.com/c.ipa?token=" + expired,
                "https://dl.example.com/d.ipa?token=" + tampered,
                "https://dl.example.com/e.ipa?token=" + valid + "&token=" + forged,
                "http://dl.example.com/f.ipa?token=" + valid,
                "https://dl.example.com/g h.ipa?token=" + valid,
                "dl.example.com/i.ipa?token=" + valid,
                "ftp://dl.example.com/j.ipa?token=" + valid,
                "https://dl.example.com/k.ipa#token=" + valid);
        Path manifestFile = dir.resolve("manifest.plist");
        manifest(urls).write(manifestFile);
        Path urlListFile = Files.writeString(dir.resolve("urls.txt"), String.join("\n", urls) + "\n");
        ManifestChecker checker = ManifestChecker.builder()
                .verifier(ContentTokenVerifier.builder(trusted.getPublic()).clock(CLOCK).build())
                .clock(CLOCK).minRemainingValidity(Duration.ofMinutes(10)).build();
        ManifestSigner manifestSigner = ManifestSigner.builder(signer).build();

        // when they are checked and signed
        List<Finding> findings = new ArrayList<>(checker.checkManifest(manifestFile));
        findings.addAll(checker.checkUrlList(urlListFile));
        for (String url : urls) {
            run("sign manifest with " + url.substring(0, 12), () -> manifestSigner.sign(manifest(List.of(url))));
            run("sign URL list with " + url.substring(0, 12), () -> manifestSigner.sign(UrlList.parse(url + "\n", urlListFile)));
            if (parses(url)) { // URI.create's own message would show the URL: that is the JDK, not us
                run("signUrl " + url.substring(0, 12), () -> signer.signUrl(URI.create(url)));
            }
        }
        run("sign onto the input", () -> {
            manifestSigner.signManifest(manifestFile, manifestFile);
            return null;
        });
        run("sign into a missing directory", () -> {
            manifestSigner.signManifest(manifestFile, dir.resolve("missing/out.plist"));
            return null;
        });

        // then findings, messages and output show no signature
        assertThat(findings).isNotEmpty();
        for (Finding finding : findings) {
            outputs.add(finding.toString());
            outputs.add(finding.message());
        }
        assertNoSecretsShown();
    }

    @Test
    void theScanFindsEachKindOfSecret() {
        // given a token registered as secret
        String token = BadTokenCorpus.jamfToken(key, CLOCK);
        secrets.token(token);
        String pemLine = TestKeyFiles.text("rsa2048-pkcs8.pem").lines().skip(5).findFirst().orElseThrow();

        // when texts holding a PEM line, a piece of the signature or the passphrase are scanned, then each is caught
        assertThat(catchThrowable(() -> secrets.assertNotIn("PEM line", "key: " + pemLine))).isInstanceOf(AssertionError.class);
        assertThat(catchThrowable(() -> secrets.assertNotIn("signature piece", "sig " + token.substring(token.length() - 20, token.length() - 7))))
                .isInstanceOf(AssertionError.class);
        assertThat(catchThrowable(() -> secrets.assertNotIn("passphrase", "pass=" + PASSPHRASE + ";"))).isInstanceOf(AssertionError.class);
        assertThat(catchThrowable(() -> secrets.assertNotIn("redacted", ContentTokens.redact(token)))).isNull();
    }

    private static Manifest manifest(List<String> urls) {
        NSArray assets = new NSArray(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            NSDictionary asset = new NSDictionary();
            asset.put("kind", Manifest.SOFTWARE_PACKAGE);
            asset.put("url", urls.get(i));
            assets.setValue(i, asset);
        }
        NSDictionary metadata = new NSDictionary();
        metadata.put("bundle-identifier", "com.example.app");
        metadata.put("kind", "software");
        metadata.put("title", "App");
        NSDictionary item = new NSDictionary();
        item.put("assets", assets);
        item.put("metadata", metadata);
        NSDictionary root = new NSDictionary();
        root.put("items", new NSArray(item));
        try {
            Path file = Files.createTempFile("manifest", ".plist");
            try {
                Files.writeString(file, root.toXMLPropertyList());
                return Manifest.read(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean parses(String url) {
        try {
            URI.create(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every character but the unreserved ones (RFC 3986) percent-encoded, so any corpus token fits in a URL. */
    private static String percentEncoded(String token) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /**
     * Runs one error path and keeps the exception it shows, if any. A result is not kept: signing
     * returns tokens on purpose (and the fixed clock makes them equal to the registered ones).
     */
    private void run(String what, ThrowingSupplier action) {
        Throwable thrown = catchThrowable(action::get);
        if (thrown != null) {
            StringBuilder shown = new StringBuilder(what).append(" -> ");
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                shown.append(t).append(" | ");
                for (Throwable suppressed : t.getSuppressed()) {
                    shown.append(suppressed).append(" | ");
                }
            }
            outputs.add(shown.toString());
        }
    }

    private void assertNoSecretsShown() {
        System.out.flush();
        System.err.flush();
        outputs.add("printed: " + printed.toString(StandardCharsets.UTF_8));
        for (String output : outputs) {
            secrets.assertNotIn(output.substring(0, Math.min(80, output.length())), output);
        }
    }

    /** An action that may throw anything and returns what it made (null for void actions). */
    @FunctionalInterface
    private interface ThrowingSupplier {
        Object get() throws Exception;
    }
}
