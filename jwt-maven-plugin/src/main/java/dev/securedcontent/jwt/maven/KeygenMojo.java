package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates the RSA key pair for Jamf Pro content tokens: the private key (PKCS#8 PEM, owner-only
 * permissions) for Jamf Pro's JSON Web Token Configuration, the public key (PEM, and a JWKS on
 * request) for the web server. Never overwrites a key.
 *
 * <p>No default phase: run it once ({@code mvn jwt:keygen}), or bind it with {@code ifMissing} set
 * so a build makes a key only the first time.
 */
@Mojo(name = "keygen", threadSafe = true, requiresProject = false)
public class KeygenMojo extends AbstractJwtMojo {

    /** Where the public key (SPKI PEM, {@code BEGIN PUBLIC KEY}) is written. */
    @Parameter(property = "jwt.publicKeyFile", defaultValue = "${project.basedir}/jwt/content-token.pub.pem")
    private File publicKeyFile;

    /** Where a JWKS with the public key is also written; none when unset. */
    @Parameter(property = "jwt.jwksFile")
    private File jwksFile;

    /** RSA modulus size: 2048, 3072 or 4096. */
    @Parameter(property = "jwt.keySize", defaultValue = "2048")
    private int keySize;

    /**
     * When true, keys that already exist are kept and the goal does nothing (a missing public key
     * or JWKS is derived from the existing private key); when false, an existing key fails the build.
     */
    @Parameter(property = "jwt.ifMissing", defaultValue = "false")
    private boolean ifMissing;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Path privatePath = resolved(privateKeyFile).toPath();
        Path publicPath = resolved(publicKeyFile).toPath();
        jwksFile = resolved(jwksFile);
        boolean privateExists = Files.exists(privatePath);
        boolean publicExists = Files.exists(publicPath);
        if (privateExists || publicExists) {
            if (!ifMissing) {
                throw new MojoFailureException((privateExists ? privatePath : publicPath)
                        + " already exists; jwt:keygen never overwrites a key. Fix: keep it (set jwt.ifMissing=true), "
                        + "move it away, or choose other paths with jwt.privateKeyFile and jwt.publicKeyFile.");
            }
            if (!privateExists) {
                throw new MojoFailureException(publicPath + " exists but its private key " + privatePath
                        + " does not; a new private key would not match it. Fix: restore the private key "
                        + "or move the public key away.");
            }
            completeExistingPair(publicPath, publicExists);
            return;
        }
        if (keySize != 2048 && keySize != 3072 && keySize != 4096) {
            throw new MojoFailureException(
                    "jwt.keySize is " + keySize + ". Fix: use 2048 (Jamf Pro's usual size), 3072 or 4096.");
        }
        KeyPair pair = RsaKeys.generate(keySize);
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) pair.getPrivate();
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        write(() -> RsaKeys.writePrivateKey(privatePath, privateKey));
        write(() -> RsaKeys.writePublicKey(publicPath, publicKey));
        writeJwksIfAsked(publicKey);
        getLog().info("Wrote private key " + privatePath + " (owner-only) and public key " + publicPath
                + " (RSA " + keySize + ", kid " + RsaKeys.thumbprint(publicKey) + ").");
        getLog().info("Next: paste the private key into Jamf Pro (Settings > Global > JSON Web Token "
                + "Configuration) and give the public key to the web server. Keep the private key out of "
                + "version control.");
    }

    private void completeExistingPair(Path publicPath, boolean publicExists)
            throws MojoExecutionException, MojoFailureException {
        boolean jwksMissing = jwksFile != null && !Files.exists(jwksFile.toPath());
        if (publicExists && !jwksMissing) {
            getLog().info("Keeping the existing key pair " + resolved(privateKeyFile) + " (jwt.ifMissing is true).");
            return;
        }
        RSAPrivateCrtKey privateKey = privateKeyFileSource().load().key();
        RSAPublicKey publicKey = RsaKeys.publicKeyOf(privateKey);
        if (!publicExists) {
            write(() -> RsaKeys.writePublicKey(publicPath, publicKey));
            getLog().info("Kept the existing private key; wrote its public key " + publicPath + ".");
        }
        writeJwksIfAsked(publicKey);
    }

    private void writeJwksIfAsked(RSAPublicKey publicKey) throws MojoExecutionException, MojoFailureException {
        if (jwksFile != null && !Files.exists(jwksFile.toPath())) {
            write(() -> RsaKeys.writeJwks(jwksFile.toPath(), List.of(publicKey)));
            getLog().info("Wrote JWKS " + jwksFile + ".");
        }
    }

    private static void write(Runnable write) throws MojoExecutionException, MojoFailureException {
        try {
            write.run();
        } catch (KeyFileException e) {
            if (e.getCause() instanceof IOException || e.getCause() instanceof UncheckedIOException) {
                throw new MojoExecutionException(e.getMessage(), e);
            }
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
