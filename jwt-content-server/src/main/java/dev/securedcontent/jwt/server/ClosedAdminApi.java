package dev.securedcontent.jwt.server;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.AdminRequestFilterV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Refuses every call to WireMock's HTTP admin API ({@code /__admin/...}) with 403: any local
 * process can reach the server's port, and that API would let it add stubs (a proxy stub serves
 * files from anywhere), write files, or stop the server. The Java API is in-process and unaffected.
 */
final class ClosedAdminApi implements AdminRequestFilterV2 {

    @Override
    public String getName() {
        return "secured-content-closed-admin-api";
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition()
                .withStatus(403)
                .withHeader("Content-Type", "text/plain; charset=utf-8")
                .withBody("WireMock's admin API is closed on the secured content server;"
                        + " change stubs through the Java API (ContentServer.wireMock().stubFor) instead\n")
                .build());
    }
}
