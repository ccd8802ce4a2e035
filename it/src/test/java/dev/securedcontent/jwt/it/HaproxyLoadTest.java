package dev.securedcontent.jwt.it;

import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** The load run (see EnforcementPointLoad) against the HAProxy recipe. */
class HaproxyLoadTest extends EnforcementPointLoad {

    /** Whose packages the recipe runs on: the machine's own (a subclass runs it on Debian 13's). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Override
    Target start(Path dir, PublicKey trusted) throws Exception {
        return Target.of(RecipeHaproxy.start(root(), dir, List.of((RSAPublicKey) trusted)));
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
