package dev.securedcontent.jwt.it.nginx;

import dev.securedcontent.jwt.it.ServerRoot;

/**
 * NginxStockInstallTest on Debian 13: the root's stock /etc/nginx (nginx 1.26.3, njs 0.8.9), the
 * same README steps and the same result.
 */
class NginxStockInstallDebian13Test extends NginxStockInstallTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }
}
