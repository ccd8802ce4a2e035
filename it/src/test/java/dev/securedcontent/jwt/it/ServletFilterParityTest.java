package dev.securedcontent.jwt.it;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.servlet.ContentTokenFilter;
import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** ContentTokenFilter in an embedded Jetty is held to the shared tables (see EnforcementPointParity). */
class ServletFilterParityTest extends EnforcementPointParity {
    private FilteredJetty jetty;

    @Override
    void start(Path dir, List<RSAPublicKey> keys) throws Exception {
        ContentTokenVerifier verifier = ContentTokenVerifier.builder(keys).cacheVerifiedTokens(1000).build();
        ContentTokenFilter filter = new ContentTokenFilter(verifier);
        jetty = FilteredJetty.start(dir, new byte[4096], filter);
    }

    @Override
    URI contentUrl(String query) {
        return jetty.uri(query == null ? FilteredJetty.PATH : FilteredJetty.PATH + "?" + query);
    }

    @Override
    void stop() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
    }
}
