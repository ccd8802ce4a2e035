package dev.securedcontent.jwt.maven;

import java.io.File;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * What every jwt goal shares: {@code jwt.skip} and where the private key and its passphrase come
 * from. Secrets are never mojo parameters (Maven prints every parameter's value at {@code -X}):
 * only the names of the environment variables and of the settings.xml server are.
 */
abstract class AbstractJwtMojo extends AbstractMojo {

    /** Skips the goal. */
    @Parameter(property = "jwt.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The private key file (PKCS#1 or PKCS#8 PEM, possibly encrypted, or DER), used when the
     * environment variable named by {@code privateKeyEnv} is unset or empty. Keep it out of
     * version control.
     */
    @Parameter(property = "jwt.privateKeyFile", defaultValue = "${project.basedir}/jwt/content-token.key.pem")
    protected File privateKeyFile;

    /**
     * The environment variable that may hold the private key PEM itself; it wins over the file.
     * Maven at -X prints every environment variable's value: prefer privateKeyFile.
     */
    @Parameter(property = "jwt.privateKeyEnv", defaultValue = "JWT_PRIVATE_KEY")
    protected String privateKeyEnv;

    /**
     * The environment variable that may hold the private key's passphrase; it wins over {@code serverId}.
     * Maven at -X prints every environment variable's value: prefer serverId.
     */
    @Parameter(property = "jwt.passphraseEnv", defaultValue = "JWT_PRIVATE_KEY_PASSPHRASE")
    protected String passphraseEnv;

    /**
     * The settings.xml {@code <server>} whose {@code <password>} (plain or encrypted with
     * {@code mvn --encrypt-password}) is the private key's passphrase; ignored when no such server exists.
     */
    @Parameter(property = "jwt.serverId", defaultValue = "jwt-content-token")
    protected String serverId;

    /** The Maven session: the directory Maven runs in, and settings.xml. */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Component
    private SettingsDecrypter settingsDecrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping: jwt.skip is true.");
            return;
        }
        if (getLog().isDebugEnabled()) {
            warnOfSecretsInDebugLog(privateKeySource().secretsInEnvironment());
        }
        run();
    }

    /**
     * At {@code -X} Maven has printed (or will print, in the next module) every environment
     * variable, so a key or passphrase kept in one is in this log: say so, by name only.
     */
    private void warnOfSecretsInDebugLog(List<String> variables) {
        if (!variables.isEmpty()) {
            getLog().warn("Maven at -X prints every environment variable (resources:resources, \"properties used\"), so "
                    + "this log holds the value of " + String.join(" and ", variables) + ": keep the log private. Fix: "
                    + "keep the key in an owner-only (0600) file named by jwt.privateKeyFile and its passphrase in "
                    + "a settings.xml server (docs/maven-plugin.md, \"The private key\").");
        }
    }

    /**
     * The goal's work, unless {@code jwt.skip} is set.
     *
     * @throws MojoExecutionException when something broke (I/O, a provider)
     * @throws MojoFailureException when the user must fix something (a parameter, a key, a token)
     */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** The private key source configured by this goal's parameters and the real environment. */
    protected PrivateKeySource privateKeySource() {
        return new PrivateKeySource(
                resolved(privateKeyFile).toPath(), privateKeyEnv, passphraseEnv, serverId, System::getenv,
                this::serverPassword);
    }

    /**
     * The file, with {@code ${project.basedir}} made the directory Maven runs in when there is no
     * POM (keygen and verify run without one, where Maven leaves that expression unresolved).
     */
    protected File resolved(File file) {
        if (file == null) {
            return null;
        }
        String path = file.getPath();
        String expression = "${project.basedir}";
        int at = path.indexOf(expression);
        if (at < 0) {
            return file;
        }
        // Maven may have made the unresolved path absolute already: keep only what follows the expression.
        return new File(session.getExecutionRootDirectory(), path.substring(at + expression.length()));
    }

    /** Only {@code privateKeyFile}, whatever the environment holds (keygen completes that file's pair). */
    protected PrivateKeySource privateKeyFileSource() {
        return new PrivateKeySource(
                resolved(privateKeyFile).toPath(), null, passphraseEnv, serverId, System::getenv, this::serverPassword);
    }

    private Optional<char[]> serverPassword(String id) throws MojoFailureException {
        Server server = session.getSettings().getServer(id);
        if (server == null) {
            return Optional.empty();
        }
        SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                // The problem text names the server and the cipher error, never the password.
                throw new MojoFailureException("settings.xml server '" + id + "': its password could not be "
                        + "decrypted: " + problem.getMessage() + ". Fix: check ~/.m2/settings-security.xml "
                        + "(mvn --encrypt-master-password) and re-encrypt the passphrase (mvn --encrypt-password).");
            }
        }
        String password = result.getServer().getPassword();
        return password == null || password.isEmpty() ? Optional.empty() : Optional.of(password.toCharArray());
    }
}
