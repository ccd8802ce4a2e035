package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import dev.securedcontent.jwt.core.internal.RegularFile;
import dev.securedcontent.jwt.core.manifest.Finding;
import dev.securedcontent.jwt.core.manifest.Manifest;
import dev.securedcontent.jwt.core.manifest.ManifestChecker;
import dev.securedcontent.jwt.core.manifest.ManifestException;
import dev.securedcontent.jwt.core.manifest.UrlList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * Runs jwt:verify's offline checks over every input (URL lists, manifests, command-line URLs and
 * tokens) and remembers each asset URL that passed the https check for the live probe.
 */
final class Verification {

    private static final long LOCAL_PROBE_BYTES = 65_536;

    private final TokenChecks checks;
    private final ManifestChecker manifestChecker;
    private final boolean allowHttp;
    private final Map<String, Path> contentFiles;
    private final Function<Path, String> display;
    private final List<ContentProbe.Target> probeTargets = new ArrayList<>();

    /**
     * @param checks          token, remaining-validity and HTTPS checks of single URLs and tokens
     * @param manifestChecker the manifest checker, configured like {@code checks} (verifier, clock,
     *                        remaining validity, plain http allowed when {@code allowHttp}) and with {@code contentFiles}
     * @param contentFiles    local content files by file name, for hash checks
     * @param display         how a file is named in findings (relative to the project, when inside it)
     */
    Verification(TokenChecks checks, ManifestChecker manifestChecker, boolean allowHttp,
            Map<String, Path> contentFiles, Function<Path, String> display) {
        this.checks = checks;
        this.manifestChecker = manifestChecker;
        this.allowHttp = allowHttp;
        this.contentFiles = Map.copyOf(contentFiles);
        this.display = display;
    }

    /** Names files relative to {@code base} when they are inside it, else absolute. */
    static Function<Path, String> relativeTo(Path base) {
        Path root = base.toAbsolutePath().normalize();
        return file -> {
            Path absolute = file.toAbsolutePath().normalize();
            return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
        };
    }

    static boolean isManifest(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".plist");
    }

    /** Local files by name: the first directory holding a name wins. */
    static Map<String, Path> contentFilesIn(List<Path> directories) throws MojoExecutionException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(Files::isRegularFile).sorted()
                        .forEach(f -> files.putIfAbsent(f.getFileName().toString(), f));
            } catch (IOException | UncheckedIOException e) {
                throw new MojoExecutionException("Could not list content directory " + dir + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    /** The asset URLs seen so far that may be requested (https, or loopback with jwt.allowHttp), for {@link ContentProbe}. */
    List<ContentProbe.Target> probeTargets() {
        return List.copyOf(probeTargets);
    }

    void checkInputs(VerifyMojo.Inputs inputs, List<CheckResult> out) throws MojoExecutionException {
        for (Path list : inputs.urlLists()) {
            checkUrlList(list, out);
        }
        for (Path manifest : inputs.manifests()) {
            checkManifest(manifest, out);
        }
        List<String> urls = inputs.urls();
        for (int i = 0; i < urls.size(); i++) {
            String location = "-D" + VerifyMojo.URL_PROPERTY + " #" + (i + 1);
            DownloadUrl url = DownloadUrl.parse(urls.get(i));
            if (url.isValid()) {
                checkUrl(VerifyMojo.COMMAND_LINE, location, url.url(), out);
            } else {
                out.add(CheckResult.failed(VerifyMojo.COMMAND_LINE, location, "url", url.problem() + ".",
                        "pass the full signed download URL, e.g. -Djwt.url='https://host/app.ipa?token=...'."));
            }
        }
        List<String> tokens = inputs.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            checks.checkToken(VerifyMojo.COMMAND_LINE, "-D" + VerifyMojo.TOKEN_PROPERTY + " #" + (i + 1),
                    tokens.get(i), out);
        }
    }

    void checkUrlList(Path file, List<CheckResult> out) throws MojoExecutionException {
        String source = display.apply(file);
        UrlList list;
        try {
            list = UrlList.read(file);
        } catch (ManifestException e) {
            out.add(CheckResult.failed(source, "", "file", e.getMessage(),
                    "run jwt:sign first, or fix the path in jwt.signedUrlLists."));
            return;
        }
        if (list.entries().isEmpty()) {
            out.add(CheckResult.failed(source, "", "file", "holds no URL.",
                    "put one signed download URL per line, or remove the file from the inputs."));
        }
        for (UrlList.Entry entry : list.entries()) {
            DownloadUrl url = DownloadUrl.parse(entry.url());
            if (url.isValid()) {
                checkUrl(source, entry.location(), url.url(), out);
            } else {
                out.add(CheckResult.failed(source, entry.location(), "url", url.problem() + ".",
                        "write one absolute https URL per line; # starts a comment."));
            }
        }
    }

    /**
     * Checks a manifest with the team's {@link ManifestChecker} (tokens, chunk hashes against local
     * files, metadata, HTTPS, shape), then notes each asset that passed and queues it for the probe.
     */
    void checkManifest(Path file, List<CheckResult> out) throws MojoExecutionException {
        String source = display.apply(file);
        List<Finding> problems = manifestChecker.checkManifest(file);
        for (var problem : problems) {
            out.add(CheckResult.failed(source, problem.location(), problem.kind().name(), problem.message(), ""));
        }
        Manifest manifest;
        List<Manifest.Asset> assets;
        try {
            manifest = Manifest.read(file);
            assets = manifest.assets();
        } catch (ManifestException e) {
            return; // already a finding of the checker
        }
        for (Manifest.Asset asset : assets) {
            if (!Manifest.SOFTWARE_PACKAGE.equals(asset.kind())) {
                continue;
            }
            DownloadUrl url = DownloadUrl.parse(asset.url());
            if (!url.isValid()) {
                continue; // already a URL_INVALID finding
            }
            String location = asset.path() + " " + TokenParameter.redact(TokenParameter.withoutToken(url.url()));
            if (allowHttp && !checks.isHttpsOrAllowed(url.url())) {
                checks.checkHttps(source, location, url.url(), out);
            }
            boolean clean = problems.stream().noneMatch(p -> p.location().startsWith(asset.path()));
            Optional<Path> local = localFile(url.url());
            if (clean) {
                out.add(CheckResult.passed(source, location, "asset", "token valid, https, "
                        + (local.isPresent() ? "chunk hashes match " + display.apply(local.get()) : "metadata complete")));
            }
            if (local.isEmpty()) {
                out.add(CheckResult.skipped(source, location, "chunk hashes",
                        "no local file named like the URL in jwt.contentDirectories to compare with"));
            }
            if (checks.isHttpsOrAllowed(url.url())) {
                probeTargets.add(new ContentProbe.Target(source, location, url.url(), firstChunk(asset)
                        .or(() -> localPrefixOf(local))));
            }
        }
    }

    /** The first chunk's hash from the manifest: what a device checks first. SHA-256 preferred, as devices do. */
    static Optional<ContentServerAudit.ExpectedContent> firstChunk(Manifest.Asset asset) {
        if (!asset.sha256s().isEmpty() && asset.sha256Size().isPresent() && asset.sha256Size().getAsLong() > 0) {
            return Optional.of(new ContentServerAudit.ExpectedContent("SHA-256", asset.sha256Size().getAsLong(),
                    asset.sha256s().get(0), "the manifest's first sha256s chunk"));
        }
        if (!asset.md5s().isEmpty() && asset.md5Size().isPresent() && asset.md5Size().getAsLong() > 0) {
            return Optional.of(new ContentServerAudit.ExpectedContent("MD5", asset.md5Size().getAsLong(),
                    asset.md5s().get(0), "the manifest's first md5s chunk"));
        }
        return Optional.empty();
    }

    private void checkUrl(String source, String location, URI url, List<CheckResult> out) {
        String where = location + " " + TokenParameter.redact(TokenParameter.withoutToken(url));
        checks.checkUrl(source, where, url, out);
        if (checks.isHttpsOrAllowed(url)) {
            probeTargets.add(new ContentProbe.Target(source, where, url, localPrefixOf(localFile(url))));
        }
    }

    /** When the asset's file is at hand, the hash of its first bytes tells whether the server serves that file. */
    private Optional<ContentServerAudit.ExpectedContent> localPrefixOf(Optional<Path> local) {
        if (local.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = RegularFile.open(local.get())) {
            byte[] prefix = in.readNBytes((int) LOCAL_PROBE_BYTES);
            if (prefix.length == 0) {
                return Optional.empty();
            }
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(prefix));
            return Optional.of(new ContentServerAudit.ExpectedContent("SHA-256", prefix.length, hex,
                    "the local file " + display.apply(local.get())));
        } catch (IOException e) {
            // Unreadable now but listed a moment ago: probe without a content comparison.
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** The local file named like the URL's last path segment. */
    Optional<Path> localFile(URI url) {
        String path = url.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return Optional.empty();
        }
        return Optional.ofNullable(contentFiles.get(path.substring(path.lastIndexOf('/') + 1)));
    }
}
