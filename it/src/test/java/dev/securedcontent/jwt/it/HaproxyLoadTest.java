package dev.securedcontent.jwt.it;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** The load run (see EnforcementPointLoad) against the HAProxy recipe. */
class HaproxyLoadTest extends EnforcementPointLoad {

    @Override
    Target start(Path dir, PublicKey trusted) throws Exception {
        return Target.of(RecipeHaproxy.start(dir, List.of((RSAPublicKey) trusted)));
    }

    @Override
    int requests() {
        return 5_000;
    }

    @Override
    String name() {
        return "HAProxy recipe";
    }
}
