package dev.securedcontent.jwt.it.haproxy;

import dev.securedcontent.jwt.it.ServerRoot;

/** HaproxyStockInstallTest on Debian 13's HAProxy 3.0.11 and its stock haproxy.cfg: the same result. */
class HaproxyStockInstallDebian13Test extends HaproxyStockInstallTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }
}
