package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Signs download URLs the way Jamf Pro does: every URL in the configured URL lists and every asset
 * URL in the configured content manifests gets a fresh {@code token} query parameter. Signed copies
 * go to {@code outputDirectory/signed} (inputs are never modified) and can be attached to the build.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class SignMojo extends ContentTokenMojo {

    /** URL lists to sign: UTF-8 text, one download URL per line, {@code #} comments and blank lines kept. */
    @Parameter(property = "jwt.urlLists")
    private List<File> urlLists;

    /** Content manifests (plist) whose asset URLs are signed. */
    @Parameter(property = "jwt.manifests")
    private List<File> manifests;

    /** Token lifetime: minutes ({@code 5}) or ISO-8601 ({@code PT30M}); 1 to 120 minutes, as Jamf Pro allows. */
    @Parameter(property = "jwt.expiry", defaultValue = "5")
    private String expiry;

    /** Allow plain http URLs to loopback hosts (tests only; devices need https). */
    @Parameter(property = "jwt.allowHttp", defaultValue = "false")
    private boolean allowHttp;

    /** Where signed copies ({@code signed/}) and generated manifests ({@code manifests/}) are written. */
    @Parameter(property = "jwt.outputDirectory", defaultValue = "${project.build.directory}/jwt")
    private File outputDirectory;

    /** Attach every signed copy to the project (classifier {@code jwt-<file name without extension>}). */
    @Parameter(property = "jwt.attach", defaultValue = "false")
    private boolean attach;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Duration lifetime = DurationSetting.parse("jwt.expiry", expiry);
        if (lifetime.compareTo(ContentTokenSigner.MIN_JAMF_EXPIRY) < 0
                || lifetime.compareTo(ContentTokenSigner.MAX_JAMF_EXPIRY) > 0) {
            throw new MojoFailureException("jwt.expiry is " + DurationSetting.format(lifetime)
                    + ". Fix: give 1 to 120 minutes, the range Jamf Pro accepts (its default is 5).");
        }
        List<Path> lists = paths(urlLists);
        List<Path> plists = paths(manifests);
        if (lists.isEmpty() && plists.isEmpty()) {
            throw new MojoFailureException("jwt:sign has nothing to sign. Fix: configure <urlLists> or "
                    + "<manifests> (or -Djwt.urlLists=downloads.txt).");
        }
        Path signedDir = outputDirectory.toPath().resolve("signed");
        checkDistinctNames(lists, plists);

        PrivateKeySource.LoadedKey key = privateKeySource().load();
        ContentTokenSigner signer = ContentTokenSigner.builder(key.key()).expiry(lifetime).build();
        getLog().info("Signing with the private key in " + key.description() + ", tokens valid for "
                + DurationSetting.format(lifetime) + ".");

        List<String> problems = new ArrayList<>();
        Map<Path, String> signed = new LinkedHashMap<>();
        for (Path list : lists) {
            signUrlList(list, signer, problems).ifPresent(text -> signed.put(signedDir.resolve(list.getFileName()), text));
        }
        for (Path plist : plists) {
            problems.add(plist + ": manifest signing is not available in this build of the plugin. "
                    + "Fix: sign its URLs as a URL list for now.");
        }
        if (!problems.isEmpty()) {
            throw new MojoFailureException("jwt:sign found " + problems.size() + " problem(s); nothing was written:"
                    + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
        }
        for (Map.Entry<Path, String> out : signed.entrySet()) {
            write(out.getKey(), out.getValue());
        }
    }

    private Optional<String> signUrlList(Path file, ContentTokenSigner signer, List<String> problems)
            throws MojoExecutionException {
        UrlList list;
        try {
            list = UrlList.read(file);
        } catch (NoSuchFileException e) {
            problems.add(file + ": does not exist. Fix: correct the path in <urlLists>.");
            return Optional.empty();
        } catch (IOException e) {
            throw new MojoExecutionException("Could not read URL list " + file + ": " + e.getMessage(), e);
        }
        int before = problems.size();
        if (list.urls().isEmpty()) {
            problems.add(file + ": holds no URL. Fix: one download URL per line.");
        }
        StringBuilder out = new StringBuilder();
        for (UrlList.Line line : list.lines()) {
            if (line.problem() != null) {
                problems.add(file + " " + line.location() + ": " + line.problem() + ". Fix: one absolute https URL per line.");
            } else if (line.isUrl()) {
                String problem = schemeProblem(line.url());
                if (problem != null) {
                    problems.add(file + " " + line.location() + ": " + problem);
                    continue;
                }
                out.append(signer.signUrl(line.url())).append('\n');
                continue;
            }
            out.append(line.text()).append('\n');
        }
        return problems.size() == before ? Optional.of(out.toString()) : Optional.empty();
    }

    private String schemeProblem(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (allowHttp && TokenQuery.isLoopback(url))) {
            return null;
        }
        return "'" + TokenQuery.redacted(url) + "' is not https; devices download in-house content only over https. "
                + "Fix: use https (jwt.allowHttp=true allows http to localhost in tests).";
    }

    private void write(Path target, String text) throws MojoExecutionException {
        try {
            AtomicFiles.write(target, text);
        } catch (IOException e) {
            throw new MojoExecutionException("Could not write " + target + ": " + e.getMessage(), e);
        }
        getLog().info("Signed " + target);
        if (attach) {
            String name = target.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String type = dot > 0 ? name.substring(dot + 1) : "txt";
            String classifier = "jwt-" + (dot > 0 ? name.substring(0, dot) : name);
            projectHelper.attachArtifact(project, type, classifier, target.toFile());
        }
    }

    private static void checkDistinctNames(List<Path> lists, List<Path> plists) throws MojoFailureException {
        Map<String, Path> seen = new HashMap<>();
        for (Path p : concat(lists, plists)) {
            Path earlier = seen.putIfAbsent(p.getFileName().toString(), p);
            if (earlier != null && !earlier.equals(p)) {
                throw new MojoFailureException(p + " and " + earlier + " share the file name " + p.getFileName()
                        + ", so their signed copies would collide in signed/. Fix: rename one.");
            }
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Path> paths(List<File> files) {
        return files == null ? List.of()
                : files.stream().map(f -> f.toPath().toAbsolutePath().normalize()).distinct().toList();
    }
}
