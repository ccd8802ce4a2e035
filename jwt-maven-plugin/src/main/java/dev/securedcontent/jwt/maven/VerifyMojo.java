package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.manifest.ManifestChecker;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.audit.AuditHtmlReport;
import dev.securedcontent.jwt.audit.AuditReport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Gates a build on content tokens: checks signed URL lists, signed manifests, and URLs or tokens
 * given on the command line ({@code -Djwt.url=...}, {@code -Djwt.token=...}) against the web
 * server's public keys; with {@code -Djwt.probe=true} also runs the audit's baseline and hole cases
 * ({@link ContentProbe}) against every asset URL: the live server must refuse unsigned, forged,
 * tampered and expired downloads and serve signed ones.
 *
 * <p>{@code jwt.url} and {@code jwt.token} are read from the command line only and are not mojo
 * parameters, because Maven prints every parameter's value at {@code -X} and a token must never be
 * printed whole. Both take a comma-separated list.
 *
 * <p>Every finding is written to {@code verify-report.json} and {@code TEST-jwt-verify.xml} in
 * {@code reportDirectory}; any failed check fails the build with one line per problem.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresProject = false)
public class VerifyMojo extends AbstractJwtMojo {

    static final String URL_PROPERTY = "jwt.url";
    static final String TOKEN_PROPERTY = "jwt.token";
    static final String COMMAND_LINE = "command line";

    /**
     * The web server's public keys (PEM, DER, certificate, JWK or JWKS; several for key rotation).
     * When empty, the public key derived from the private key is used.
     */
    @Parameter(property = "jwt.publicKeyFiles")
    private List<File> publicKeyFiles;

    /** Signed URL lists to check (one URL per line), in addition to those in {@code signedDirectory}. */
    @Parameter(property = "jwt.signedUrlLists")
    private List<File> signedUrlLists;

    /** Signed content manifests (plist) to check, in addition to those in {@code signedDirectory}. */
    @Parameter(property = "jwt.signedManifests")
    private List<File> signedManifests;

    /** Whether to check everything jwt:sign wrote to {@code signedDirectory} (manifests: {@code *.plist}; the rest: URL lists). */
    @Parameter(property = "jwt.verifySigned", defaultValue = "true")
    private boolean verifySigned;

    /** Where jwt:sign writes signed copies. */
    @Parameter(property = "jwt.signedDirectory", defaultValue = "${project.build.directory}/jwt/signed")
    private File signedDirectory;

    /**
     * Directories searched for an asset's local file (by the URL's last path segment) to check the
     * manifest's chunk hashes against; default: the project's build directory.
     */
    @Parameter(property = "jwt.contentDirectories")
    private List<File> contentDirectories;

    /** Least validity a token must have left: minutes ({@code 5}) or ISO-8601 ({@code PT5M}); 0 only requires it not expired. */
    @Parameter(property = "jwt.minRemaining", defaultValue = "0")
    private String minRemaining;

    /** Allow plain http URLs to loopback hosts (localhost, 127.x, ::1): for tests only; devices need https. */
    @Parameter(property = "jwt.allowHttp", defaultValue = "false")
    private boolean allowHttp;

    /** Run the audit's baseline and hole cases against every asset URL (see jwt:audit for all cases). */
    @Parameter(property = "jwt.probe", defaultValue = "false")
    private boolean probe;

    /**
     * Deadline of each probe request, from connecting to the last byte read: minutes or ISO-8601
     * ({@code PT10S}). A server that stalls past it is reported, not waited for.
     */
    @Parameter(property = "jwt.probeTimeout", defaultValue = "PT10S")
    private String probeTimeout;

    /**
     * The most bytes the probe reads from one response (default 16 MiB). A manifest whose first
     * chunk is longer is not compared, and the probe says so.
     */
    @Parameter(property = "jwt.probeMaxBytes", defaultValue = "16777216")
    private long probeMaxBytes;

    /**
     * Hosts that may receive the tokens the probe mints with the private key (a fresh valid one, an
     * expired one), besides the host of {@code urlPrefix}. A minted token opens every file on the
     * server, so a host no one named (say, from a manifest) is probed only without one.
     */
    @Parameter(property = "jwt.probeHosts")
    private List<String> probeHosts;

    /** Where the web server serves the content (as for jwt:sign); its host may receive the probe's minted tokens. */
    @Parameter(property = "jwt.urlPrefix")
    private String urlPrefix;

    /** Where verify-report.json and TEST-jwt-verify.xml are written. */
    @Parameter(property = "jwt.reportDirectory", defaultValue = "${project.build.directory}/jwt")
    private File reportDirectory;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File buildDirectory;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        signedDirectory = resolved(signedDirectory);
        reportDirectory = resolved(reportDirectory);
        buildDirectory = resolved(buildDirectory);
        Clock clock = Clock.systemUTC();
        Duration remaining = DurationSetting.parse("jwt.minRemaining", minRemaining);
        Duration timeout = DurationSetting.parse("jwt.probeTimeout", probeTimeout);
        if (probe && timeout.isZero()) {
            throw new MojoFailureException("jwt.probeTimeout is 0. Fix: give a positive timeout, e.g. PT10S.");
        }
        if (probe && probeMaxBytes < 1) {
            throw new MojoFailureException("jwt.probeMaxBytes is " + probeMaxBytes + ". Fix: give a positive number "
                    + "of bytes, e.g. 16777216 (16 MiB), at least the manifests' chunk size.");
        }
        Set<String> namedHosts = probe ? namedHosts() : Set.of();
        Inputs inputs = inputs();
        if (inputs.isEmpty()) {
            throw new MojoFailureException("jwt:verify has nothing to check: no signed URL lists or manifests in "
                    + signedDirectory + ", none configured, and no -D" + URL_PROPERTY + " or -D" + TOKEN_PROPERTY
                    + ". Fix: run jwt:sign first, set jwt.signedUrlLists / jwt.signedManifests, or pass -D"
                    + URL_PROPERTY + "=<signed download URL>.");
        }

        Keys keys = keys();
        List<CheckResult> findings = new ArrayList<>(keys.findings());
        ContentTokenVerifier verifier = ContentTokenVerifier.builder(keys.accepted()).clock(clock).build();
        Map<String, Path> contentFiles = Verification.contentFilesIn(contentDirectories());
        ManifestChecker.Builder manifestChecker = ManifestChecker.builder()
                .verifier(verifier)
                .clock(clock)
                .minRemainingValidity(remaining)
                .contentFiles(contentFiles);
        if (allowHttp) {
            // Only to loopback: Verification reports http to any other host.
            manifestChecker.allowPlainHttp();
        }
        Verification verification = new Verification(new TokenChecks(verifier, clock, remaining, allowHttp),
                manifestChecker.build(), allowHttp, contentFiles, Verification.relativeTo(baseDirectory()));
        verification.checkInputs(inputs, findings);

        List<AuditReport> probed = List.of();
        if (probe) {
            ContentProbe contentProbe = new ContentProbe(timeout, probeMaxBytes, namedHosts, allowHttp, verifier,
                    keys.accepted().stream().findFirst(), keys.privateKey(), clock);
            for (ContentProbe.Target target : verification.probeTargets()) {
                contentProbe.probe(target, findings);
            }
            probed = contentProbe.reports();
        }

        VerifyReport report = new VerifyReport(findings, clock.instant());
        for (CheckResult f : report.findings()) {
            getLog().info("[" + f.status() + "] " + f.line());
        }
        Path reports = reportDirectory.toPath();
        try {
            report.write(reports);
        } catch (IOException e) {
            throw new MojoExecutionException("Could not write the verify report to " + reports + ": " + e.getMessage(), e);
        }
        List<Path> pages = new ArrayList<>();
        for (int i = 0; i < probed.size(); i++) {
            // The probe's audit of each asset URL as a page: probe-report.html, or -2, -3... for more URLs.
            Path page = reports.resolve("probe-report" + (i == 0 ? "" : "-" + (i + 1)) + ".html");
            try {
                AuditHtmlReport.write(probed.get(i), false, clock.instant(), page);
            } catch (IOException e) {
                throw new MojoExecutionException("Could not write the probe report " + page + ": " + e.getMessage(), e);
            }
            pages.add(page);
        }
        getLog().info(report.summary() + ". Reports: " + reports.resolve(report.jsonFile()) + ", "
                + reports.resolve(report.junitFile()) + pages.stream().map(p -> ", " + p).collect(Collectors.joining()));
        if (!report.failures().isEmpty()) {
            throw new MojoFailureException(report.failureMessage());
        }
    }

    /** Everything to check, gathered from the parameters, the signed directory and the command line. */
    record Inputs(List<Path> urlLists, List<Path> manifests, List<String> urls, List<String> tokens) {
        boolean isEmpty() {
            return urlLists.isEmpty() && manifests.isEmpty() && urls.isEmpty() && tokens.isEmpty();
        }
    }

    private Inputs inputs() throws MojoExecutionException {
        Set<Path> urlLists = new LinkedHashSet<>();
        Set<Path> manifests = new LinkedHashSet<>();
        if (verifySigned && signedDirectory.isDirectory()) {
            try (Stream<Path> files = Files.list(signedDirectory.toPath())) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    (Verification.isManifest(file) ? manifests : urlLists).add(file.toAbsolutePath().normalize());
                }
            } catch (IOException | UncheckedIOException e) {
                throw new MojoExecutionException("Could not list " + signedDirectory + ": " + e.getMessage(), e);
            }
        }
        for (File f : nonNull(signedUrlLists)) {
            urlLists.add(f.toPath().toAbsolutePath().normalize());
        }
        for (File f : nonNull(signedManifests)) {
            manifests.add(f.toPath().toAbsolutePath().normalize());
        }
        return new Inputs(List.copyOf(urlLists), List.copyOf(manifests),
                commandLineList(URL_PROPERTY), commandLineList(TOKEN_PROPERTY));
    }

    private List<String> commandLineList(String property) {
        String value = session.getUserProperties().getProperty(property);
        if (value == null || value.isBlank()) {
            value = session.getSystemProperties().getProperty(property);
        }
        return CommandLineValues.split(value);
    }

    private Path baseDirectory() {
        return session.getCurrentProject() != null && session.getCurrentProject().getBasedir() != null
                ? session.getCurrentProject().getBasedir().toPath()
                : Path.of(session.getExecutionRootDirectory());
    }

    /** The hosts of {@code urlPrefix} and {@code probeHosts} (each a host name, or a URL naming one). */
    private Set<String> namedHosts() throws MojoFailureException {
        List<String> given = new ArrayList<>();
        if (!PrivateKeySource.isBlank(urlPrefix)) {
            given.add(urlPrefix);
        }
        given.addAll(nonNull(probeHosts));
        Set<String> hosts = new LinkedHashSet<>();
        for (String value : given) {
            String text = value == null ? "" : value.strip();
            if (text.isEmpty()) {
                continue;
            }
            String host = text;
            if (text.contains("://")) {
                DownloadUrl url = DownloadUrl.parse(text);
                if (!url.isValid() || url.url().getHost() == null) {
                    throw new MojoFailureException("'" + TokenParameter.redact(text) + "' (jwt.urlPrefix or "
                            + "jwt.probeHosts) names no host. Fix: give a host name such as downloads.example.com, "
                            + "or a URL such as https://downloads.example.com/apps.");
                }
                host = url.url().getHost();
            }
            hosts.add(ContentProbe.hostKey(host));
        }
        return hosts;
    }

    private List<Path> contentDirectories() {
        List<File> dirs = nonNull(contentDirectories);
        if (dirs.isEmpty()) {
            return buildDirectory == null ? List.of() : List.of(buildDirectory.toPath());
        }
        return dirs.stream().map(File::toPath).toList();
    }

    /** The accepted public keys, the private key for minting probe tokens, and findings about them. */
    private record Keys(List<RSAPublicKey> accepted, Optional<RSAPrivateCrtKey> privateKey,
            List<CheckResult> findings) {}

    private Keys keys() throws MojoFailureException, MojoExecutionException {
        List<CheckResult> findings = new ArrayList<>();
        List<RSAPublicKey> accepted = new ArrayList<>();
        for (File f : nonNull(publicKeyFiles)) {
            try {
                accepted.addAll(RsaKeys.readPublicKeys(f.toPath()));
            } catch (KeyFileException e) {
                if (e.getCause() instanceof IOException || e.getCause() instanceof UncheckedIOException) {
                    throw new MojoExecutionException(e.getMessage(), e);
                }
                throw new MojoFailureException(e.getMessage() + " (jwt.publicKeyFiles)", e);
            }
        }
        PrivateKeySource source = privateKeySource();
        boolean needPrivate = accepted.isEmpty() || probe;
        Optional<PrivateKeySource.LoadedKey> privateKey = needPrivate ? source.loadIfPresent() : Optional.empty();
        if (accepted.isEmpty()) {
            if (privateKey.isEmpty()) {
                throw new MojoFailureException("No key to verify against: jwt.publicKeyFiles is empty and there is "
                        + "no private key (looked in " + source.describeLookup() + "). Fix: set jwt.publicKeyFiles "
                        + "to the web server's public key (PEM or JWKS), or point jwt.privateKeyFile at the private key.");
            }
            RSAPublicKey derived = RsaKeys.publicKeyOf(privateKey.get().key());
            accepted.add(derived);
            getLog().info("Verifying against the public key of the private key in " + privateKey.get().description()
                    + " (kid " + RsaKeys.thumbprint(derived) + ").");
        } else if (privateKey.isPresent()) {
            RSAPublicKey derived = RsaKeys.publicKeyOf(privateKey.get().key());
            if (accepted.stream().noneMatch(k -> k.getModulus().equals(derived.getModulus())
                    && k.getPublicExponent().equals(derived.getPublicExponent()))) {
                findings.add(CheckResult.failed(privateKey.get().description(), "", "key pair",
                        "the private key's public half (kid " + RsaKeys.thumbprint(derived) + ") is not among "
                                + "jwt.publicKeyFiles, so its tokens would be refused",
                        "give the web server the public key of the private key Jamf Pro signs with, or use the "
                                + "matching private key."));
            }
        }
        if (probe && privateKey.isEmpty()) {
            getLog().warn("No private key (" + source.describeLookup() + "): the probe cannot mint expired or "
                    + "fresh tokens; it checks what it can with the URLs' own tokens and says what it skipped.");
        }
        return new Keys(List.copyOf(accepted), privateKey.map(PrivateKeySource.LoadedKey::key), findings);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
