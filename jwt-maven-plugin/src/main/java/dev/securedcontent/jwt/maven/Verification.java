package dev.securedcontent.jwt.maven;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * Runs jwt:verify's offline checks over every input (URL lists, manifests, command-line URLs and
 * tokens) and remembers each asset URL for the live probe.
 */
final class Verification {

    private static final long LOCAL_PROBE_BYTES = 65_536;

    private final TokenChecks checks;
    private final List<Path> contentDirectories;
    private final List<ContentProbe.Target> probeTargets = new ArrayList<>();

    Verification(TokenChecks checks, List<Path> contentDirectories) {
        this.checks = checks;
        this.contentDirectories = List.copyOf(contentDirectories);
    }

    static boolean isManifest(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".plist");
    }

    /** The asset URLs seen so far, for {@link ContentProbe}. */
    List<ContentProbe.Target> probeTargets() {
        return List.copyOf(probeTargets);
    }

    void checkInputs(VerifyMojo.Inputs inputs, List<Finding> out) throws MojoExecutionException {
        for (Path list : inputs.urlLists()) {
            checkUrlList(list, out);
        }
        for (Path manifest : inputs.manifests()) {
            checkManifest(manifest, out);
        }
        List<String> urls = inputs.urls();
        for (int i = 0; i < urls.size(); i++) {
            String location = "-D" + VerifyMojo.URL_PROPERTY + " #" + (i + 1);
            UrlList.Line line = UrlList.parse(i + 1, urls.get(i));
            if (line.isUrl()) {
                checkUrl(VerifyMojo.COMMAND_LINE, location, line.url(), out);
            } else {
                out.add(Finding.failed(VerifyMojo.COMMAND_LINE, location, "url", line.problem() + ".",
                        "pass the full signed download URL, e.g. -Djwt.url='https://host/app.ipa?token=...'."));
            }
        }
        List<String> tokens = inputs.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            checks.checkToken(VerifyMojo.COMMAND_LINE, "-D" + VerifyMojo.TOKEN_PROPERTY + " #" + (i + 1),
                    tokens.get(i), out);
        }
    }

    void checkUrlList(Path file, List<Finding> out) throws MojoExecutionException {
        UrlList list;
        try {
            list = UrlList.read(file);
        } catch (NoSuchFileException e) {
            out.add(Finding.failed(file.toString(), "", "file", "does not exist.",
                    "run jwt:sign first, or fix the path in jwt.signedUrlLists."));
            return;
        } catch (IOException e) {
            throw new MojoExecutionException("Could not read URL list " + file + ": " + e.getMessage(), e);
        }
        if (list.urls().isEmpty()) {
            out.add(Finding.failed(file.toString(), "", "file", "holds no URL.",
                    "put one signed download URL per line, or remove the file from the inputs."));
        }
        for (UrlList.Line line : list.lines()) {
            if (line.isUrl()) {
                checkUrl(file.toString(), line.location(), line.url(), out);
            } else if (line.problem() != null) {
                out.add(Finding.failed(file.toString(), line.location(), "url", line.problem() + ".",
                        "write one absolute https URL per line; # starts a comment."));
            }
        }
    }

    void checkManifest(Path file, List<Finding> out) {
        // Manifest checks arrive with the manifest API (dev.securedcontent.jwt.core.manifest).
        out.add(Finding.failed(file.toString(), "", "manifest",
                "manifest checks are not available in this build of the plugin.",
                "check this manifest's URLs as a URL list for now."));
    }

    private void checkUrl(String source, String location, URI url, List<Finding> out) throws MojoExecutionException {
        checks.checkUrl(source, location + " " + TokenQuery.redacted(TokenQuery.withoutToken(url)), url, out);
        probeTargets.add(new ContentProbe.Target(source, location + " " + TokenQuery.redacted(
                TokenQuery.withoutToken(url)), url, localPrefixOf(url)));
    }

    /** When the asset's file is at hand, the hash of its first bytes tells whether the server serves that file. */
    private Optional<ContentProbe.ExpectedBytes> localPrefixOf(URI url) throws MojoExecutionException {
        Optional<Path> local = localFile(url);
        if (local.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(local.get())) {
            byte[] prefix = in.readNBytes((int) LOCAL_PROBE_BYTES);
            if (prefix.length == 0) {
                return Optional.empty();
            }
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(prefix));
            return Optional.of(new ContentProbe.ExpectedBytes("SHA-256", prefix.length, hex,
                    "the local file " + local.get()));
        } catch (IOException e) {
            throw new MojoExecutionException("Could not read " + local.get() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** The file named like the URL's last path segment in the first content directory that has it. */
    Optional<Path> localFile(URI url) {
        String path = url.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return Optional.empty();
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals("..") || name.equals(".")) {
            return Optional.empty();
        }
        for (Path dir : contentDirectories) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
