package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.internal.AtomicFile;
import dev.securedcontent.jwt.core.manifest.ChunkHashes;
import dev.securedcontent.jwt.core.internal.DownloadUrls;
import dev.securedcontent.jwt.core.manifest.Manifest;
import dev.securedcontent.jwt.core.manifest.ManifestException;
import dev.securedcontent.jwt.core.manifest.ManifestSigner;
import dev.securedcontent.jwt.core.manifest.UrlList;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Signs download URLs the way Jamf Pro does: every URL in the configured URL lists and every
 * {@code software-package} URL in the configured content manifests gets a fresh {@code token}
 * query parameter. It can first generate the manifests of {@code .ipa} and {@code .pkg} files.
 * Signed copies go to {@code outputDirectory/signed} (inputs are never modified), generated
 * manifests to {@code outputDirectory/manifests}; nothing is written unless every input signs.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class SignMojo extends AbstractJwtMojo {

    /** URL lists to sign: UTF-8 text, one download URL per line; {@code #} comments and blank lines are kept. */
    @Parameter(property = "jwt.urlLists")
    private List<File> urlLists;

    /** Content manifests (XML or binary plist) whose {@code software-package} URLs are signed. */
    @Parameter(property = "jwt.manifests")
    private List<File> manifests;

    /**
     * {@code .ipa} and {@code .pkg} files to generate manifests for (with MD5/SHA-256 chunk hashes and
     * metadata), then sign. Each file's URL is {@code urlPrefix} + {@code /} + its file name.
     */
    @Parameter(property = "jwt.packages")
    private List<File> packages;

    /** Where the web server serves {@code packages}, e.g. {@code https://downloads.example.com/apps}. */
    @Parameter(property = "jwt.urlPrefix")
    private String urlPrefix;

    /** {@code bundle-identifier} of generated {@code .pkg} manifests ({@code .ipa} files carry their own). */
    @Parameter(property = "jwt.bundleIdentifier", defaultValue = "${project.groupId}.${project.artifactId}")
    private String bundleIdentifier;

    /** {@code bundle-version} of generated {@code .pkg} manifests. */
    @Parameter(property = "jwt.bundleVersion", defaultValue = "${project.version}")
    private String bundleVersion;

    /**
     * Chunk size in bytes of the MD5/SHA-256 chunk hashes in generated {@code .pkg} manifests
     * (micromdm's default, 10 MiB; a file smaller than a chunk is one chunk of its own size).
     * Generated {@code .ipa} manifests always use the default.
     */
    @Parameter(property = "jwt.chunkSize", defaultValue = "10485760")
    private long chunkSize;

    /** Token lifetime: minutes ({@code 5}) or ISO-8601 ({@code PT30M}); 1 to 120 minutes, as Jamf Pro allows. */
    @Parameter(property = "jwt.expiry", defaultValue = "5")
    private String expiry;

    /** Allow plain http URLs to loopback hosts (localhost, 127.x, ::1): tests only; devices need https. */
    @Parameter(property = "jwt.allowHttp", defaultValue = "false")
    private boolean allowHttp;

    /** Where signed copies ({@code signed/}) and generated manifests ({@code manifests/}) are written. */
    @Parameter(property = "jwt.outputDirectory", defaultValue = "${project.build.directory}/jwt")
    private File outputDirectory;

    /**
     * Attach every signed copy to the project, so install/deploy publish it: classifier
     * {@code jwt-<file name without extension>}, type its extension.
     */
    @Parameter(property = "jwt.attach", defaultValue = "false")
    private boolean attach;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Component
    private MavenProjectHelper projectHelper;

    /** A file to write once everything has been signed. */
    private record Output(Path target, String text, boolean signed) {}

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Duration lifetime = DurationSetting.parse("jwt.expiry", expiry);
        if (lifetime.compareTo(ContentTokenSigner.MIN_JAMF_EXPIRY) < 0
                || lifetime.compareTo(ContentTokenSigner.MAX_JAMF_EXPIRY) > 0) {
            throw new MojoFailureException("jwt.expiry is " + DurationSetting.format(lifetime)
                    + ". Fix: give 1 to 120 minutes, the range Jamf Pro accepts (its default is 5).");
        }
        // Every parameter is checked before any key or file is read.
        if (chunkSize < 1) {
            throw new MojoFailureException("jwt.chunkSize is " + chunkSize + ": chunk hashes need a chunk size of at"
                    + " least 1 byte. Fix: leave it unset (10485760, 10 MiB) or give a positive number of bytes.");
        }
        List<Path> lists = paths(urlLists);
        List<Path> plists = paths(manifests);
        List<Path> content = paths(packages);
        if (lists.isEmpty() && plists.isEmpty() && content.isEmpty()) {
            throw new MojoFailureException("jwt:sign has nothing to sign. Fix: configure <urlLists>, <manifests> "
                    + "or <packages> (or -Djwt.urlLists=downloads.txt).");
        }
        if (!content.isEmpty() && PrivateKeySource.isBlank(urlPrefix)) {
            throw new MojoFailureException("jwt.urlPrefix is not set, so the download URLs of <packages> are unknown. "
                    + "Fix: set it to where the web server serves them, e.g. https://downloads.example.com/apps.");
        }
        Path signedDir = outputDirectory.toPath().resolve("signed");
        Path generatedDir = outputDirectory.toPath().resolve("manifests");
        checkDistinctNames(lists, plists, content);

        PrivateKeySource.LoadedKey key = privateKeySource().load();
        ContentTokenSigner tokenSigner = ContentTokenSigner.builder(key.key()).expiry(lifetime).build();
        ManifestSigner.Builder signerBuilder = ManifestSigner.builder(tokenSigner);
        if (allowHttp) {
            // Only to loopback: checked below for every URL before signing.
            signerBuilder.allowPlainHttp();
        }
        ManifestSigner signer = signerBuilder.build();
        getLog().info("Signing with the private key in " + key.description() + "; tokens valid for "
                + DurationSetting.format(lifetime) + ".");

        List<String> problems = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        for (Path list : lists) {
            try {
                UrlList read = UrlList.read(list);
                if (read.entries().isEmpty()) {
                    problems.add(list + ": holds no URL. Fix: one download URL per line.");
                    continue;
                }
                read.entries().forEach(e -> checkScheme(list, e.location(), e.url(), problems));
                outputs.add(new Output(signedDir.resolve(list.getFileName()), signer.sign(read).text(), true));
            } catch (ManifestException e) {
                problems.add(e.getMessage());
            }
        }
        for (Path plist : plists) {
            try {
                Manifest read = Manifest.read(plist);
                read.assets().forEach(a -> checkScheme(plist, a.path() + ".url", a.url(), problems));
                outputs.add(new Output(signedDir.resolve(plist.getFileName()), signer.sign(read).toXml(), true));
            } catch (ManifestException e) {
                problems.add(e.getMessage());
            }
        }
        for (Path file : content) {
            try {
                Manifest generated = generate(file);
                generated.assets().forEach(a -> checkScheme(file, a.path() + ".url", a.url(), problems));
                String name = file.getFileName() + ".plist";
                outputs.add(new Output(generatedDir.resolve(name), generated.toXml(), false));
                outputs.add(new Output(signedDir.resolve(name), signer.sign(generated).toXml(), true));
            } catch (ManifestException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new MojoFailureException("jwt:sign found " + problems.size() + " problem(s); nothing was written:"
                    + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
        }
        for (Output out : outputs) {
            write(out);
        }
    }

    private Manifest generate(Path file) throws MojoFailureException {
        String name = file.getFileName().toString();
        URI url = urlOf(name);
        String lower = name.toLowerCase(Locale.ROOT);
        ChunkHashes.Progress progress = getLog().isInfoEnabled()
                ? new HashProgress(name, Clock.systemUTC(), getLog()::info)
                : ChunkHashes.Progress.NONE;
        if (lower.endsWith(".ipa")) {
            return Manifest.forIpa(file, url, progress);
        }
        if (lower.endsWith(".pkg")) {
            return Manifest.forPackage(file, url, bundleIdentifier, bundleVersion, chunkSize, progress);
        }
        throw new MojoFailureException(file + ": not an .ipa or .pkg, so jwt:sign cannot make its manifest. "
                + "Fix: list only .ipa and .pkg files in <packages>; sign other downloads with a URL list.");
    }

    /** {@code urlPrefix/name}, the name percent-encoded as one path segment. */
    private URI urlOf(String name) throws MojoFailureException {
        String prefix = urlPrefix.strip();
        try {
            String segment = new URI(null, null, name, null).getRawPath().replace("/", "%2F");
            return new URI(prefix + (prefix.endsWith("/") ? "" : "/") + segment);
        } catch (URISyntaxException e) {
            throw new MojoFailureException("jwt.urlPrefix '" + TokenParameter.redact(prefix) + "' plus '" + name
                    + "' is not a URL (" + e.getReason() + "). Fix: give an absolute https URL, e.g. "
                    + "https://downloads.example.com/apps.");
        }
    }

    /** With jwt.allowHttp, plain http is still refused to anything but loopback. */
    private void checkScheme(Path file, String location, String url, List<String> problems) {
        DownloadUrl parsed = DownloadUrl.parse(url);
        if (allowHttp && parsed.isValid() && !DownloadUrls.mayCarryToken(parsed.url(), true)) {
            problems.add(file + ": " + location + ": plain http to a host other than localhost ("
                    + TokenParameter.redact(TokenParameter.withoutToken(parsed.url())) + "); jwt.allowHttp covers tests on "
                    + "loopback only. Fix: use https.");
        }
    }

    private void write(Output out) throws MojoExecutionException {
        try {
            AtomicFile.replace(out.target(), out.text());
        } catch (IOException e) {
            throw new MojoExecutionException("Could not write " + out.target() + ": " + e.getMessage(), e);
        }
        getLog().info((out.signed() ? "Signed " : "Generated ") + out.target());
        if (attach && out.signed()) {
            String name = out.target().getFileName().toString();
            int dot = name.lastIndexOf('.');
            String type = dot > 0 ? name.substring(dot + 1) : "txt";
            String classifier = "jwt-" + (dot > 0 ? name.substring(0, dot) : name).replace('.', '-');
            projectHelper.attachArtifact(project, type, classifier, out.target().toFile());
        }
    }

    private static void checkDistinctNames(List<Path> lists, List<Path> plists, List<Path> content)
            throws MojoFailureException {
        Map<String, Path> seen = new HashMap<>();
        List<Path> all = new ArrayList<>(lists);
        all.addAll(plists);
        for (Path p : all) {
            remember(seen, p.getFileName().toString(), p);
        }
        for (Path p : content) {
            remember(seen, p.getFileName() + ".plist", p);
        }
    }

    private static void remember(Map<String, Path> seen, String outputName, Path input) throws MojoFailureException {
        Path earlier = seen.putIfAbsent(outputName, input);
        if (earlier != null) {
            throw new MojoFailureException(input + " and " + earlier + " would both be written as signed/"
                    + outputName + ". Fix: rename one of them.");
        }
    }

    private static List<Path> paths(List<File> files) {
        return files == null ? List.of()
                : files.stream().map(f -> f.toPath().toAbsolutePath().normalize()).distinct().toList();
    }
}
