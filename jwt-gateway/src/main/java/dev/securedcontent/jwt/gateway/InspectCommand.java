package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.TokenParameter;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.VerifiedContentToken;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inspect}: a token's header and payload, its signature never shown; with --keys, the verdict. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a content token's header and payload (the signature redacted) and its times; with --keys, "
                + "whether a server with those keys accepts it, and why not. Exit status 1 when it is refused."})
final class InspectCommand implements Callable<Integer> {
    private static final Pattern TIME_CLAIM = Pattern.compile("\"(exp|iat|nbf)\"\\s*:\\s*(\\d{1,12})(?![\\d.])");

    @Parameters(index = "0", paramLabel = "TOKEN-or-URL", description = "The token, or a download URL holding it.")
    String input;

    @Option(names = "--keys", split = ",", paramLabel = "PATH", description = "Public key file(s) to verify with, as serve takes them.")
    List<String> keys;

    private final PrintWriter out;

    InspectCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        String token = token();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new BadInput("TOKEN " + dev.securedcontent.jwt.core.ContentTokens.redact(token) + ": not a compact JWS "
                    + "(header.payload.signature, " + parts.length + " part(s)); give the token or the whole download URL");
        }
        out.println("header:    " + decoded(parts[0]));
        String payload = decoded(parts[1]);
        out.println("payload:   " + payload);
        Matcher m = TIME_CLAIM.matcher(payload);
        while (m.find()) {
            out.println("           " + m.group(1) + " = " + Instant.ofEpochSecond(Long.parseLong(m.group(2))));
        }
        out.println("signature: <redacted " + parts[2].length() + " chars>");
        if (keys == null || keys.isEmpty()) {
            return 0;
        }
        ContentTokenVerifier verifier = ContentTokenVerifier.builder(KeyFiles.read(KeyFiles.paths(keys))).build();
        try {
            VerifiedContentToken verified = verifier.verify(token);
            out.println("verdict:   accepted (expires " + verified.expiresAt() + ")");
            return 0;
        } catch (TokenRejectedException e) {
            out.println("verdict:   refused, " + e.reason() + ": " + e.getMessage());
            return 1;
        }
    }

    private String token() {
        String value = input.trim();
        if (!value.contains("://") && !value.contains("?")) {
            return value;
        }
        Optional<String> raw;
        try {
            URI url = URI.create(value.contains("://") ? value : "http://host/" + value.substring(value.indexOf('?')));
            raw = TokenParameter.single(url);
        } catch (IllegalArgumentException e) {
            throw new BadInput("URL " + TokenParameter.redact(value) + ": not a URL (" + e.getMessage() + ")");
        }
        return raw.orElseThrow(() -> new BadInput(
                "URL " + TokenParameter.redact(value) + ": holds no single token parameter; give the download URL as the device got it"));
    }

    /* The segment's JSON as text; control characters escaped so nothing in a token can forge terminal output. */
    private static String decoded(String segment) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            return "<not base64url: " + segment.length() + " chars>";
        }
        StringBuilder text = new StringBuilder();
        for (char c : new String(bytes, StandardCharsets.UTF_8).toCharArray()) {
            text.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.toString();
    }
}
