package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.PemKeys;
import dev.securedcontent.jwt.core.audit.AuditReport;
import dev.securedcontent.jwt.core.audit.ContentServerAudit;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped nginx recipe keeps every rule jwt:audit tries, deviations included. */
class NginxRecipeAuditTest {

    @TempDir
    Path dir;

    @Test
    void theRecipePassesTheAuditStrictly() throws Exception {
        KeyPair keys = PemKeys.generate(2048);
        try (RecipeNginx nginx = RecipeNginx.start(dir, List.of(keys.getPublic()), List.of())) {
            AuditReport report = ContentServerAudit.builder()
                    .privateKey((RSAPrivateCrtKey) keys.getPrivate())
                    .allowPlainHttpToLoopback()
                    .build()
                    .run(nginx.uri(RecipeNginx.CONTENT_PATH));

            assertThat(report.results()).allSatisfy(r -> assertThat(r.verdict())
                    .as(r.auditCase().id() + ": " + r.detail()).isEqualTo(AuditReport.Verdict.PASSED));
            assertThat(report.passes(true)).isTrue();
        }
    }
}
