package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import dev.securedcontent.jwt.server.ContentServer;
import org.junit.jupiter.api.Test;

/** The fixture server keeps every rule jwt:audit tries, so tests that use it test against a correct server. */
@SecuredContentServer
class SecuredContentServerAuditTest {

    @Test
    void passesTheAuditStrictly(ContentServer server) {
        AuditReport report = ContentServerAudit.builder()
                .privateKey(server.privateKey())
                .allowPlainHttpToLoopback()
                .build()
                .run(server.unsignedUrl("/apps/app.ipa"));

        assertThat(report.results()).allSatisfy(r -> assertThat(r.verdict())
                .as(r.auditCase().id() + ": " + r.detail()).isEqualTo(AuditReport.Verdict.PASSED));
        assertThat(report.passes(true)).isTrue();
    }
}
