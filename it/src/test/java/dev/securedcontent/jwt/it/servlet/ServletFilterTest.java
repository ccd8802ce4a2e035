package dev.securedcontent.jwt.it.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.audit.AuditReport;
import dev.securedcontent.jwt.audit.ContentServerAudit;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.servlet.ContentTokenFilter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ContentTokenFilter in an embedded Jetty 12, end to end: the audit passes it. What it does for a
 * single request (Range, HEAD, rotation, configuration errors, logs, dispatches) is
 * jwt-servlet-filter's own ContentTokenFilterTest.
 */
class ServletFilterTest {
    @TempDir
    Path dir;

    private final byte[] content = randomBytes(64 * 1024);

    @Test
    void theFilterPassesTheAuditStrictly() throws Exception {
        KeyPair auditKeys = RsaKeys.generate(2048);
        try (FilteredJetty jetty = FilteredJetty.start(dir, content, filter(auditKeys))) {
            AuditReport report = ContentServerAudit.builder()
                    .privateKey((RSAPrivateCrtKey) auditKeys.getPrivate())
                    .allowPlainHttpToLoopback()
                    .build()
                    .run(jetty.uri(FilteredJetty.PATH));

            assertThat(report.results()).allSatisfy(r -> assertThat(r.verdict())
                    .as(r.auditCase().id() + ": " + r.detail()).isEqualTo(AuditReport.Verdict.PASSED));
            assertThat(report.passes(true)).isTrue();
        }
    }

    private static ContentTokenFilter filter(KeyPair pair) {
        return new ContentTokenFilter(ContentTokenVerifier.builder(pair.getPublic()).cacheVerifiedTokens(1000).build());
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }
}
