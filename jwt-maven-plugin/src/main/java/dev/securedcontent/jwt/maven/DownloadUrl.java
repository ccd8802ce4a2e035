package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.internal.DownloadUrls;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Parses one download URL given by a user (a URL-list line, {@code -Djwt.url}): absolute http(s)
 * with a host, or a problem that names the value with any token redacted.
 *
 * @param url     the URL; null when it is not usable
 * @param problem why not; null when it is
 */
record DownloadUrl(URI url, String problem) {

    static DownloadUrl parse(String text) {
        String value = text == null ? "" : text.strip();
        try {
            URI url = new URI(value);
            if (!DownloadUrls.isHttpWithHost(url)) {
                return new DownloadUrl(null, "'" + TokenParameter.redact(value) + "' is not an absolute https URL with a host");
            }
            return new DownloadUrl(url, null);
        } catch (URISyntaxException e) {
            return new DownloadUrl(null, "'" + TokenParameter.redact(value) + "' is not a URL (" + e.getReason()
                    + " at index " + e.getIndex() + ")");
        }
    }

    boolean isValid() {
        return url != null;
    }
}
