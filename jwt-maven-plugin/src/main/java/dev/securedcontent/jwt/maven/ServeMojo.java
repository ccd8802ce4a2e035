package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.core.internal.AtomicFile;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Serves a directory on loopback the way a web server secured for Jamf Pro content tokens does
 * (the jwt-content-server: 401 without a token, 403 with a bad one, Range and HEAD checked
 * too), so a build can sign URLs for it and probe it with {@code jwt:verify -Djwt.probe=true}.
 *
 * <p>Bound in a POM it starts the server and returns, like {@code jetty:start}: the server keeps
 * running for the rest of the build, its base URL is published as the project property
 * {@code jwt.serve.baseUrl} for later goals (e.g. {@code <urlPrefix>${jwt.serve.baseUrl}</urlPrefix>}),
 * and it is closed when the build ends, printing every request it received with its verdict.
 * Run from the command line ({@code mvn jwt:serve}) it blocks until Ctrl-C, for trying it with curl.
 *
 * <p>Tokens are accepted for the same keys as jwt:verify: {@code jwt.publicKeyFiles}, and the
 * public half of the private key found the usual way (environment variable, then file).
 */
@Mojo(name = "serve", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true, requiresProject = false)
public class ServeMojo extends AbstractJwtMojo {

    /** The project property that receives the server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    static final String DEFAULT_BASE_URL_PROPERTY = "jwt.serve.baseUrl";

    /** The directory whose files are served; a file {@code dir/app.ipa} is at {@code <base URL>/app.ipa}. */
    @Parameter(property = "jwt.serve.directory", defaultValue = "${project.build.directory}/jwt/content")
    private File directory;

    /** The port on 127.0.0.1; 0 picks a free one (read it from {@code jwt.serve.baseUrl}). */
    @Parameter(property = "jwt.serve.port", defaultValue = "0")
    private int port;

    /**
     * Whether requests need a valid token. {@code false} gives the unprotected server Jamf Pro warns
     * about (content served to anyone), to see {@code jwt:verify -Djwt.probe=true} catch it.
     */
    @Parameter(property = "jwt.serve.tokenCheck", defaultValue = "true")
    private boolean tokenCheck;

    /**
     * Public keys whose tokens are accepted (PEM, DER, certificate, JWK or JWKS; several for
     * rotation), in addition to the public half of the private key when one is found.
     */
    @Parameter(property = "jwt.publicKeyFiles")
    private List<File> publicKeyFiles;

    /**
     * Block until Ctrl-C instead of returning. Default: {@code true} when the goal is named on the
     * command line ({@code mvn jwt:serve}), {@code false} when it is bound to a phase in the POM.
     */
    @Parameter(property = "jwt.serve.foreground")
    private Boolean foreground;

    /**
     * In the foreground, with a private key: where a signed URL of every served file is written, to
     * try the server with curl. The tokens are credentials for their lifetime; keep the file to yourself.
     */
    @Parameter(property = "jwt.serve.signedUrlFile", defaultValue = "${project.build.directory}/jwt/serve/signed-urls.txt")
    private File signedUrlFile;

    /** Lifetime of the tokens in {@code signedUrlFile}: minutes ({@code 5}) or ISO-8601 ({@code PT30M}); 1 to 120 minutes. */
    @Parameter(property = "jwt.expiry", defaultValue = "5")
    private String expiry;

    /** The project property that receives the base URL, for the goals that run after this one. */
    @Parameter(property = "jwt.serve.baseUrlProperty", defaultValue = DEFAULT_BASE_URL_PROPERTY)
    private String baseUrlProperty;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (port < 0 || port > 65_535) {
            throw new MojoFailureException("jwt.serve.port is " + port + ". Fix: give 0 (any free port) or 1-65535.");
        }
        if (PrivateKeySource.isBlank(baseUrlProperty)) {
            throw new MojoFailureException("jwt.serve.baseUrlProperty is empty. Fix: leave it unset ("
                    + DEFAULT_BASE_URL_PROPERTY + ") or name a property.");
        }
        Path served = resolved(directory).toPath().toAbsolutePath().normalize();
        if (!Files.isDirectory(served)) {
            throw new MojoFailureException("jwt:serve: " + served + " is not a directory. Fix: create it and put the "
                    + "files to serve there before jwt:serve runs, or set jwt.serve.directory.");
        }
        Duration lifetime = DurationSetting.parse("jwt.expiry", expiry);
        if (lifetime.compareTo(ContentTokenSigner.MIN_JAMF_EXPIRY) < 0
                || lifetime.compareTo(ContentTokenSigner.MAX_JAMF_EXPIRY) > 0) {
            throw new MojoFailureException("jwt.expiry is " + DurationSetting.format(lifetime)
                    + ". Fix: give 1 to 120 minutes, the range Jamf Pro accepts (its default is 5).");
        }
        ServerKeys keys = keys();
        boolean blocking = foreground != null ? foreground : mojoExecution.getSource() == MojoExecution.Source.CLI;

        ServedContent server;
        try {
            server = ServedContent.start(served, port, tokenCheck, keys.pair().orElse(null), keys.alsoAccepted(),
                    getLog()::info);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("jwt:serve could not start a server on 127.0.0.1"
                    + (port == 0 ? "" : ":" + port) + " for " + served + ": " + e.getMessage()
                    + (port == 0 ? "" : ". Fix: choose another jwt.serve.port, or 0 for any free port."), e);
        }
        Thread shutdownHook = new Thread(server::close, "jwt:serve shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // Backstop only: at the end of a normal build the session listener closes the server first.
        SessionEndListener.closeAtSessionEnd(session.getRequest(), () -> {
            server.close();
            removeShutdownHook(shutdownHook);
        }, getLog()::warn);

        String baseUrl = server.baseUrl();
        project.getProperties().setProperty(baseUrlProperty, baseUrl);
        getLog().info("jwt:serve: serving " + served + " at " + baseUrl + " (token check "
                + (tokenCheck ? "on" : "OFF: anyone can download, the hole Jamf warns about") + "); " + keys.description()
                + ". " + baseUrlProperty + " = " + baseUrl);
        if (!blocking) {
            getLog().info("jwt:serve: the server runs until the build ends.");
            return;
        }
        List<String> names = servedFileNames(served);
        getLog().info(tokenCheck
                ? "jwt:serve: without ?token= these answer 401; with a token signed by the key above, the file:"
                : "jwt:serve: the token check is off, so these are served to anyone:");
        for (String name : names) {
            getLog().info("  " + server.unsignedUrl(name));
        }
        if (keys.pair().isPresent() && !names.isEmpty()) {
            writeSignedUrls(server, names, keys.pair().get(), lifetime);
        }
        getLog().info("jwt:serve: press Ctrl-C to stop.");
        try {
            server.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
    }

    private void writeSignedUrls(ServedContent server, List<String> names, KeyPair pair, Duration lifetime)
            throws MojoExecutionException {
        Path file = resolved(signedUrlFile).toPath().toAbsolutePath().normalize();
        ContentTokenSigner signer = ContentTokenSigner.builder(pair.getPrivate()).expiry(lifetime).build();
        try {
            AtomicFile.replace(file, server.signedUrlList(signer, names));
        } catch (IOException e) {
            throw new MojoExecutionException("Could not write " + file + ": " + e.getMessage(), e);
        }
        // The URLs carry whole tokens, so they go to the file, never to the log.
        getLog().info("jwt:serve: signed URLs (tokens valid for " + DurationSetting.format(lifetime) + ") are in "
                + file + "; try: curl -i \"$(grep -m1 " + names.get(0) + " " + file + ")\"");
    }

    /** The key pair the server verifies with (when a private key is found) and every other accepted key. */
    private record ServerKeys(Optional<KeyPair> pair, List<RSAPublicKey> alsoAccepted, String description) {}

    private ServerKeys keys() throws MojoFailureException, MojoExecutionException {
        List<RSAPublicKey> accepted = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (File f : publicKeyFiles == null ? List.<File>of() : publicKeyFiles) {
            try {
                accepted.addAll(RsaKeys.readPublicKeys(resolved(f).toPath()));
                sources.add("file " + resolved(f));
            } catch (KeyFileException e) {
                if (e.getCause() instanceof IOException || e.getCause() instanceof UncheckedIOException) {
                    throw new MojoExecutionException(e.getMessage(), e);
                }
                throw new MojoFailureException(e.getMessage() + " (jwt.publicKeyFiles)", e);
            }
        }
        PrivateKeySource source = privateKeySource();
        Optional<PrivateKeySource.LoadedKey> privateKey = source.loadIfPresent();
        if (privateKey.isEmpty() && accepted.isEmpty() && tokenCheck) {
            throw new MojoFailureException("jwt:serve has no key to accept tokens for: jwt.publicKeyFiles is empty and "
                    + "there is no private key (looked in " + source.describeLookup() + "). Fix: run jwt:keygen, set "
                    + "jwt.publicKeyFiles to the public key, or point jwt.privateKeyFile at the private key.");
        }
        Optional<KeyPair> pair = privateKey.map(k -> new KeyPair(RsaKeys.publicKeyOf(k.key()), k.key()));
        pair.ifPresent(p -> sources.add(0, "the public key of the private key in " + privateKey.get().description()));
        String description = sources.isEmpty()
                ? "no key given"
                : "accepting tokens of " + String.join(" and ", sources);
        return new ServerKeys(pair, accepted, description);
    }

    private static List<String> servedFileNames(Path served) throws MojoExecutionException {
        try (Stream<Path> files = Files.list(served)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("Could not list " + served + ": " + e.getMessage(), e);
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run, and close() is idempotent.
        }
    }
}
