package dev.securedcontent.jwt.core.internal;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule for where a content token may be sent: {@code https}, or plain {@code http} only to this
 * machine (loopback: {@code localhost}, {@code 127.x.x.x}, {@code ::1}) and only when a test opts in.
 * A token in the query of a plain-http URL can be read and replayed by anyone on the way until it
 * expires, and devices download in-house content over https only anyway. The Maven plugin's goals
 * (sign, verify and its probe, audit) ask this class, so the rule is written once.
 *
 * <p>Not API: a helper other modules of this project call. {@code ManifestChecker} and
 * {@code ManifestSigner} apply a wider opt-in on purpose (their Javadoc says why).
 */
public final class DownloadUrls {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private DownloadUrls() {}

    /** Whether {@code url} can be a download URL at all: absolute {@code http} or {@code https}, with a host. */
    public static boolean isHttpWithHost(URI url) {
        String scheme = scheme(url);
        return url.isAbsolute() && url.getHost() != null && (scheme.equals("https") || scheme.equals("http"));
    }

    /** Whether the scheme is {@code https} (in any letter case). */
    public static boolean isHttps(URI url) {
        return scheme(url).equals("https");
    }

    /** Whether the host is this machine: {@code localhost}, {@code 127.x.x.x} or {@code ::1}. */
    public static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches() || h.equals("[::1]") || h.equals("::1");
    }

    /**
     * Whether a token may be sent to {@code url}: an https URL with a host, or, when
     * {@code allowHttpToLoopback} (tests), a plain-http URL to loopback.
     */
    public static boolean mayCarryToken(URI url, boolean allowHttpToLoopback) {
        return isHttpWithHost(url) && (isHttps(url) || allowHttpToLoopback && isLoopback(url));
    }

    private static String scheme(URI url) {
        return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    }
}
