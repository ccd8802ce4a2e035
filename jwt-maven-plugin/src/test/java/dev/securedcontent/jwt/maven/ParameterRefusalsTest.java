package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parameter out of range fails the goal before it reads a key or a file, naming the user
 * property, the value given and the fix. Each goal is configured as Maven would configure it
 * ({@link MojoHarness}), with no key anywhere: a refusal that came later would be about the key.
 */
class ParameterRefusalsTest {

    @TempDir
    Path project;

    @Test
    void signRefusesAChunkSizeBelowOneEvenWhenOnlyAnIpaIsListed() throws Exception {
        Path ipa = Files.writeString(project.resolve("App.ipa"), "not read");
        SignMojo sign = MojoHarness.of("sign", SignMojo.class, project)
                .set("packages", ipa.toString())
                .set("urlPrefix", "https://downloads.example.com/apps")
                .set("chunkSize", "0")
                .mojo();

        MojoFailureException refusal = catchThrowableOfType(MojoFailureException.class, sign::execute);

        assertThat(refusal).hasMessageStartingWith("jwt.chunkSize is 0: chunk hashes need a chunk size of at least 1 byte")
                .hasMessageContaining("Fix: leave it unset (10485760, 10 MiB)");
        assertThat(project.resolve("target")).doesNotExist();
    }

    @Test
    void signRefusesANegativeChunkSizeBeforeReadingTheKey() throws Exception {
        Path pkg = Files.writeString(project.resolve("App.pkg"), "not read");
        SignMojo sign = MojoHarness.of("sign", SignMojo.class, project)
                .set("packages", pkg.toString())
                .set("urlPrefix", "https://downloads.example.com/apps")
                .set("chunkSize", "-1")
                .mojo();

        assertThat(catchThrowableOfType(MojoFailureException.class, sign::execute))
                .hasMessageStartingWith("jwt.chunkSize is -1: ");
    }

    @Test
    void signRefusesAnExpiryJamfProDoesNotAccept() throws Exception {
        SignMojo sign = MojoHarness.of("sign", SignMojo.class, project)
                .set("urlLists", project.resolve("downloads.txt").toString())
                .set("expiry", "121")
                .mojo();

        assertThat(catchThrowableOfType(MojoFailureException.class, sign::execute))
                .hasMessage("jwt.expiry is 121 min. Fix: give 1 to 120 minutes, the range Jamf Pro accepts (its default is 5).");
    }

    @Test
    void serveRefusesAPortOutsideTheTcpRange() throws Exception {
        ServeMojo serve = MojoHarness.of("serve", ServeMojo.class, project).set("port", "65536").mojo();

        assertThat(catchThrowableOfType(MojoFailureException.class, serve::execute))
                .hasMessage("jwt.serve.port is 65536. Fix: give 0 (any free port) or 1-65535.");
    }

    @Test
    void verifyRefusesAProbeThatMayReadNoByte() throws Exception {
        VerifyMojo verify = MojoHarness.of("verify", VerifyMojo.class, project)
                .set("probe", "true")
                .set("probeMaxBytes", "0")
                .mojo();

        assertThat(catchThrowableOfType(MojoFailureException.class, verify::execute))
                .hasMessageStartingWith("jwt.probeMaxBytes is 0. Fix: give a positive number of bytes");
    }

    @Test
    void auditRefusesATimeoutOfZero() throws Exception {
        AuditMojo audit = MojoHarness.of("audit", AuditMojo.class, project)
                .set("url", "https://downloads.example.com/apps/App.pkg")
                .set("timeout", "PT0S")
                .mojo();

        assertThat(catchThrowableOfType(MojoFailureException.class, audit::execute))
                .hasMessage("jwt.audit.timeout is 0. Fix: give a positive timeout, e.g. PT10S.");
    }

    @Test
    void keygenRefusesAKeySizeJamfProDoesNotUse() throws Exception {
        KeygenMojo keygen = MojoHarness.of("keygen", KeygenMojo.class, project).set("keySize", "1024").mojo();

        assertThat(catchThrowableOfType(MojoFailureException.class, keygen::execute))
                .hasMessage("jwt.keySize is 1024. Fix: use 2048 (Jamf Pro's usual size), 3072 or 4096.");
        assertThat(project.resolve("jwt")).doesNotExist();
    }
}
