package dev.securedcontent.jwt.it.apache;

import dev.securedcontent.jwt.it.ServerRoot;

/**
 * ApacheStockInstallTest on Debian 13: the root's stock /etc/apache2 (Apache 2.4.71, mod_oauth2
 * 4.0.0), its a2* scripts run in it, the same README steps and the same result.
 */
class ApacheStockInstallDebian13Test extends ApacheStockInstallTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }
}
