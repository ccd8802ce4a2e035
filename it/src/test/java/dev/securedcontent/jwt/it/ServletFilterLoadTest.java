package dev.securedcontent.jwt.it;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.servlet.ContentTokenFilter;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Random;

/** The load run (see EnforcementPointLoad) against ContentTokenFilter in an embedded Jetty. */
class ServletFilterLoadTest extends EnforcementPointLoad {

    @Override
    Target start(Path dir, PublicKey trusted) throws Exception {
        byte[] content = new byte[1024 * 1024];
        new Random(7).nextBytes(content);
        ContentTokenFilter filter = new ContentTokenFilter(ContentTokenVerifier.builder(trusted).cacheVerifiedTokens(1000).build());
        FilteredJetty jetty = FilteredJetty.start(dir, content, filter);
        return new Target() {
            @Override
            public URI contentUrl(String query) {
                return jetty.uri(FilteredJetty.PATH + query);
            }

            @Override
            public byte[] content() {
                return content.clone();
            }

            @Override
            public void close() throws Exception {
                jetty.close();
            }
        };
    }

    @Override
    int requests() {
        return 10_000;
    }

    @Override
    String name() {
        return "servlet filter in Jetty";
    }
}
