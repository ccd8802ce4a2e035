package dev.securedcontent.jwt.testing;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one secured-content test server, a {@link ContentServer}, for the annotated class (shared
 * by its {@code @Nested} classes unless one of them carries its own annotation) and injects it into
 * test and lifecycle methods. The attributes are the common {@link ContentServerOptions}; for
 * anything they cannot say, register
 * {@link SecuredContentServerExtension#withOptions(ContentServerOptions)} with
 * {@code @RegisterExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SecuredContentServerExtension.class)
public @interface SecuredContentServer {

    /** A directory of files to serve, relative to the working directory (default: none, see {@link #contentClasspathRoot()}). */
    String contentDirectory() default "";

    /** The classpath folder served when no {@link #contentDirectory()} is given. */
    String contentClasspathRoot() default ContentServerOptions.DEFAULT_CONTENT_CLASSPATH_ROOT;

    /** HTTPS with a self-signed certificate for localhost and 127.0.0.1 instead of plain HTTP. */
    boolean https() default false;

    /** Lifetime of the tokens the server hands out, in seconds (Jamf Pro's default: 5 minutes). */
    long tokenExpirySeconds() default ContentTokenSigner.DEFAULT_EXPIRY_SECONDS;

    /** The verifier's clock-skew allowance, in seconds (0 to 300). */
    long clockSkewSeconds() default ContentTokenVerifier.DEFAULT_CLOCK_SKEW_SECONDS;

    /** Size of the generated RSA key: 2048, 3072 or 4096. */
    int keySize() default RsaKeys.DEFAULT_RSA_BITS;

    /** An RSA private key PEM file to sign and verify with instead of a generated key, as a configured Jamf Pro would. */
    String privateKeyFile() default "";

    /** Public key files (PEM, certificate, JWK, JWKS) whose keys are accepted too: key rotation. */
    String[] acceptAlsoKeyFiles() default {};

    /** Whether a refused request carries its reason in the {@value dev.securedcontent.jwt.core.RejectionReason#HEADER} header and body. */
    boolean exposeRejectionReason() default true;

    /** Whether requests need a valid token; {@code false} is the unprotected server Jamf Pro warns about. */
    boolean tokenCheck() default true;
}
