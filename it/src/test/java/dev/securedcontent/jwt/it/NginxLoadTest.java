package dev.securedcontent.jwt.it;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/** The load run (see EnforcementPointLoad) against the nginx recipe. */
class NginxLoadTest extends EnforcementPointLoad {

    /** Whose packages the recipe runs on: the machine's own (a subclass runs it on Debian 13's). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Override
    Target start(Path dir, PublicKey trusted) throws Exception {
        return Target.of(RecipeNginx.start(root(), dir, List.of(trusted), List.of()));
    }

    @Override
    int requests() {
        return 20_000;
    }

    @Override
    String name() {
        return "nginx recipe";
    }
}
