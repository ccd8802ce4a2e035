package dev.securedcontent.jwt.core;

import static dev.securedcontent.jwt.core.RejectionReason.BAD_SIGNATURE;
import static dev.securedcontent.jwt.core.RejectionReason.EXPIRED;
import static dev.securedcontent.jwt.core.RejectionReason.LIFETIME_TOO_LONG;
import static dev.securedcontent.jwt.core.RejectionReason.MALFORMED;
import static dev.securedcontent.jwt.core.RejectionReason.NOT_YET_VALID;
import static dev.securedcontent.jwt.core.RejectionReason.NO_EXPIRY;
import static dev.securedcontent.jwt.core.RejectionReason.UNKNOWN_KEY;
import static dev.securedcontent.jwt.core.RejectionReason.UNSUPPORTED_ALGORITHM;
import static dev.securedcontent.jwt.core.RejectionReason.UNSUPPORTED_CRITICAL_HEADER;
import static dev.securedcontent.jwt.core.RejectionReason.WRONG_ISSUER;
import static dev.securedcontent.jwt.core.RejectionReason.WRONG_SUBJECT;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies Jamf Pro content tokens strictly: RS256 only, signature by one of the accepted keys,
 * {@code exp} required, {@code iss} = {@code JSS}, {@code sub} = {@code AppManifest}, {@code nbf}
 * honoured, bounded length and lifetime, strict base64url and JSON (duplicate keys refused), keys
 * inside the token ignored, unknown {@code crit} refused.
 *
 * <p>Immutable and thread-safe; build once, reuse.
 *
 * <h2>Order of checks</h2>
 * Cheap structural checks first, then the header, then the signature, and only then the claims,
 * so that nothing in an unsigned or forged payload is ever looked at (its content cannot steer
 * timing or messages), and so a rejection for a claim proves the signature was good:
 * <ol>
 *   <li>{@code null} or empty: {@link RejectionReason#MISSING}.</li>
 *   <li>Longer than {@link Builder#maxTokenLength(int)}: {@link RejectionReason#TOO_LONG}, before
 *       any decoding or hashing.</li>
 *   <li>(With {@link Builder#cacheVerifiedTokens(int)}) a token verified before: only its
 *       {@code exp}/{@code nbf}/{@code iat} and the lifetime cap are checked again against the
 *       clock.</li>
 *   <li>Not exactly three {@code .}-separated segments (a 5-part JWE, 2 or 4 parts): MALFORMED.</li>
 *   <li>Header: strict base64url, strict UTF-8 JSON object (duplicate keys refused): MALFORMED.</li>
 *   <li>{@code alg} not exactly the string {@code RS256} (absent, {@code none} in any case,
 *       HS256, RS512, PS256, ES256, a non-string): {@link RejectionReason#UNSUPPORTED_ALGORITHM}.</li>
 *   <li>{@code crit} present: no extension is understood, so a non-empty array is
 *       {@link RejectionReason#UNSUPPORTED_CRITICAL_HEADER}; an empty array or a non-array is
 *       MALFORMED (RFC 7515 section 4.1.11 forbids both).</li>
 *   <li>{@code zip} present: MALFORMED (compression is a JWE feature; nothing is ever
 *       decompressed).</li>
 *   <li>{@code kid}: absent (Jamf never sends one) tries every accepted key. Present, it must be
 *       a string naming an accepted key, by the key's RFC 7638 thumbprint or by the id given to
 *       {@link Builder#acceptKey(PublicKey, String)}; anything else is
 *       {@link RejectionReason#UNKNOWN_KEY} (a strict choice: a kid is never a hint to be
 *       ignored).</li>
 *   <li>{@code jwk}, {@code jku}, {@code x5u}, {@code x5c}, {@code x5t} and every other header
 *       parameter: ignored. They are never used to find a key, so an embedded attacker key
 *       ends as BAD_SIGNATURE; a token genuinely signed by an accepted key is not refused for
 *       carrying them.</li>
 *   <li>Payload and signature: strict base64url: MALFORMED.</li>
 *   <li>Signature: its length must equal the key's modulus length, and RSASSA-PKCS1-v1_5 with
 *       SHA-256 over the ASCII signing input must verify with the selected key (or, without a
 *       kid, with one of the accepted keys): {@link RejectionReason#BAD_SIGNATURE}.</li>
 *   <li>Claims, now known to be signed by an accepted key: strict UTF-8 JSON object (MALFORMED,
 *       with a message beginning {@code signed payload}); {@code exp} absent:
 *       {@link RejectionReason#NO_EXPIRY}; {@code exp}, {@code nbf} or {@code iat} not an integer
 *       NumericDate (a string, a fraction, beyond 64 bits): MALFORMED; {@code iss} not exactly
 *       the string {@code JSS} (absent, other case, other type): WRONG_ISSUER; {@code sub} not
 *       exactly the string {@code AppManifest}: WRONG_SUBJECT; now &ge; exp + skew: EXPIRED;
 *       nbf or iat &gt; now + skew: NOT_YET_VALID; exp &gt; now + max lifetime + skew:
 *       LIFETIME_TOO_LONG.</li>
 * </ol>
 *
 * <p>Every message reads {@code <REASON>: <what>; <fix>} and holds neither the token nor its
 * signature; header values are shown only when short printable ASCII, claim values only after
 * the signature verified.
 */
public final class ContentTokenVerifier {

    /** Default clock-skew allowance in seconds, for annotations (which need a constant). */
    public static final long DEFAULT_CLOCK_SKEW_SECONDS = 60;
    /** Default clock-skew allowance. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(DEFAULT_CLOCK_SKEW_SECONDS);
    /** Default maximum lifetime: Jamf's 120 minutes (the skew is added on top). */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(120);
    /** Default maximum token length in characters; a Jamf token with a 4096-bit key is about 800. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 4096;
    /** Largest clock skew {@link Builder#clockSkew(Duration)} accepts. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Largest {@link Builder#maxTokenLength(int)}: far above any RS256 token, still bounded. */
    public static final int MAX_TOKEN_LENGTH_LIMIT = 65_536;
    /** Largest {@link Builder#cacheVerifiedTokens(int)}. */
    public static final int MAX_CACHE_ENTRIES = 1_000_000;

    /** Jamf Pro's header, {"alg":"RS256"}, base64url: the common case skips decoding and parsing. */
    private static final String JAMF_HEADER = "eyJhbGciOiJSUzI1NiJ9";
    private static final Map<String, Object> JAMF_HEADER_MAP = Map.of("alg", ContentTokens.ALGORITHM);

    private final AcceptedKey[] keys;
    private final Map<String, AcceptedKey> keysById;
    private final long skewSeconds;
    private final long maxLifetimeSeconds;
    private final int maxTokenLength;
    private final Clock clock;
    private final VerifiedTokenCache cache;
    private final Runnable beforeFullCheck;
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder fullChecks = new LongAdder();
    /** Signature is not thread-safe and getInstance costs a provider lookup: one per thread. */
    private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(ContentTokenVerifier::newSignature);

    private ContentTokenVerifier(Builder builder) {
        this.keys = builder.keys.toArray(new AcceptedKey[0]);
        this.keysById = Map.copyOf(builder.keysById);
        this.skewSeconds = builder.clockSkew.getSeconds();
        this.maxLifetimeSeconds = builder.maxLifetime.getSeconds();
        this.maxTokenLength = builder.maxTokenLength;
        this.clock = builder.clock;
        this.cache = builder.cacheEntries > 0 ? new VerifiedTokenCache(builder.cacheEntries) : null;
        this.beforeFullCheck = builder.beforeFullCheck;
        newSignature(); // fail at build time, not on the first request, if the JRE lacks RS256
    }

    /** Starts a builder accepting the given RSA public key (2048 bits or more). */
    public static Builder builder(PublicKey acceptedKey) {
        return new Builder().acceptKey(acceptedKey);
    }

    /** Starts a builder accepting every given RSA public key (key rotation). */
    public static Builder builder(Collection<? extends PublicKey> acceptedKeys) {
        if (acceptedKeys == null || acceptedKeys.isEmpty()) {
            throw new IllegalArgumentException("no accepted keys (" + (acceptedKeys == null ? "null" : "empty")
                    + " collection); pass the public key(s) of the Jamf Pro JWT configuration, e.g. from RsaKeys.readPublicKeys(path)");
        }
        Builder builder = new Builder();
        for (PublicKey key : acceptedKeys) {
            builder.acceptKey(key);
        }
        return builder;
    }

    /** Verifies a compact token. {@code null} or empty is {@link RejectionReason#MISSING}. */
    public VerifiedContentToken verify(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(RejectionReason.MISSING,
                    "no token; the download URL needs a token query parameter signed by Jamf Pro");
        }
        if (token.length() > maxTokenLength) {
            throw new TokenRejectedException(RejectionReason.TOO_LONG, "token is " + token.length()
                    + " characters, more than the maximum of " + maxTokenLength
                    + "; a Jamf Pro token is under 1000 (raise maxTokenLength only for unusually large keys)");
        }
        if (cache != null) {
            VerifiedTokenCache.Entry hit = cache.get(token);
            if (hit != null) {
                cacheHits.increment();
                long now = nowSeconds();
                checkTimes(hit.exp(), hit.nbf(), hit.iat(), now);
                return hit.token();
            }
        }
        if (beforeFullCheck != null) {
            beforeFullCheck.run();
        }
        fullChecks.increment();
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            int segments = 1;
            for (int i = 0; i < token.length(); i++) {
                if (token.charAt(i) == '.') {
                    segments++;
                }
            }
            throw new TokenRejectedException(MALFORMED, "token has " + segments + " segment" + (segments == 1 ? "" : "s")
                    + (segments == 5 ? " (a JWE)" : "") + ", not the 3 of a compact JWS (header.payload.signature)"
                    + "; pass the token exactly as Jamf Pro put it on the URL");
        }

        Map<String, Object> header = token.startsWith(JAMF_HEADER) && dot1 == JAMF_HEADER.length()
                ? JAMF_HEADER_MAP
                : parseHeader(token, dot1);
        AcceptedKey selected = checkHeader(header);

        byte[] payload = decodeSegment(token, dot1 + 1, dot2, "payload");
        byte[] signature = decodeSegment(token, dot2 + 1, token.length(), "signature");
        AcceptedKey signer = verifySignature(token, dot2, signature, selected);

        return checkClaims(token, header, payload, signer);
    }

    /**
     * Tokens this verifier answered from its verdict cache (only the clock checked again), since it
     * was built; 0 without {@link Builder#cacheVerifiedTokens(int)}. For metrics, beside
     * {@link #fullChecks()}.
     */
    public long cacheHits() {
        return cacheHits.sum();
    }

    /**
     * Tokens this verifier checked in full (parsed, and signature and claims checked unless refused
     * on the way), since it was built; tokens refused before that (missing, too long) count in
     * neither this nor {@link #cacheHits()}.
     */
    public long fullChecks() {
        return fullChecks.sum();
    }

    /**
     * Verifies the {@code token} query parameter of a download URL: absent or empty is
     * {@link RejectionReason#MISSING}, repeated is {@link RejectionReason#AMBIGUOUS}.
     *
     * <p>The parameter is found in the raw query by its name ignoring case (as nginx's
     * {@code $arg_token} does) and also after percent-decoding the name (nginx does not decode;
     * counting {@code %74oken} too makes a smuggled second token AMBIGUOUS), and its value is percent-decoded before verification; a
     * raw value longer than 3 x {@link Builder#maxTokenLength(int)} is
     * {@link RejectionReason#TOO_LONG} before any decoding (as the nginx recipe does).
     */
    public VerifiedContentToken verifyUrl(URI url) throws TokenRejectedException {
        if (url == null) {
            throw new TokenRejectedException(RejectionReason.MISSING, "no URL; pass the download URL that carries ?token=");
        }
        return verifyQuery(url.getRawQuery());
    }

    /**
     * Verifies the {@code token} parameter of a raw (still percent-encoded) query string, as
     * {@link #verifyUrl(URI)} does; for servers that hand over the query as sent (a servlet's
     * {@code getQueryString()}), which need not parse as a {@link URI}. {@code null} is no query.
     */
    public VerifiedContentToken verifyQuery(String rawQuery) throws TokenRejectedException {
        List<String> values = TokenParameter.rawValues(rawQuery);
        if (values.isEmpty()) {
            throw new TokenRejectedException(RejectionReason.MISSING,
                    "the URL has no token query parameter; Jamf Pro adds ?token=... to every download URL it sends");
        }
        if (values.size() > 1) {
            throw new TokenRejectedException(RejectionReason.AMBIGUOUS, "the URL has " + values.size()
                    + " token query parameters; exactly one is allowed, since servers disagree on which one counts");
        }
        String raw = values.get(0);
        // Bounded before decoding, as verify() bounds before base64url: every character of a token
        // is ASCII, at most 3 raw characters (%XX), so anything longer cannot be one.
        if (raw.length() > 3L * maxTokenLength) {
            throw new TokenRejectedException(RejectionReason.TOO_LONG, "token query parameter is " + raw.length()
                    + " characters before percent-decoding, more than 3 x the maximum token length of " + maxTokenLength
                    + "; a Jamf Pro token is under 1000 (raise maxTokenLength only for unusually large keys)");
        }
        String token = TokenParameter.percentDecodeOrNull(raw);
        if (token == null) {
            throw new TokenRejectedException(MALFORMED,
                    "the token query parameter has an invalid percent-escape or is not UTF-8; pass the URL as Jamf Pro sent it");
        }
        return verify(token);
    }

    // ---- header ----

    private static Map<String, Object> parseHeader(String token, int dot1) throws TokenRejectedException {
        if (dot1 == 0) {
            throw new TokenRejectedException(MALFORMED, "header segment is empty; a JWS header carries at least alg");
        }
        byte[] bytes = decodeSegment(token, 0, dot1, "header");
        try {
            return Json.parseObject(bytes);
        } catch (MalformedJsonException e) {
            throw new TokenRejectedException(MALFORMED, "header is not a JSON object: " + e.problem()
                    + "; a JWS header must be strict JSON without duplicate keys");
        }
    }

    private AcceptedKey checkHeader(Map<String, Object> header) throws TokenRejectedException {
        Object alg = header.get("alg");
        if (!ContentTokens.ALGORITHM.equals(alg)) {
            throw new TokenRejectedException(UNSUPPORTED_ALGORITHM, "alg is "
                    + (header.containsKey("alg") ? describeUntrusted(alg) : "absent")
                    + "; only RS256 is accepted (Jamf Pro signs every content token with RS256)");
        }
        if (header.containsKey("crit")) {
            Object crit = header.get("crit");
            if (!(crit instanceof List) || ((List<?>) crit).isEmpty()) {
                throw new TokenRejectedException(MALFORMED, "crit is " + (crit instanceof List ? "an empty array" : Json.typeName(crit))
                        + "; RFC 7515 requires a non-empty array of header names (Jamf Pro never sends crit)");
            }
            throw new TokenRejectedException(UNSUPPORTED_CRITICAL_HEADER, "crit lists " + ((List<?>) crit).size()
                    + " extension(s), and this verifier understands none; Jamf Pro tokens never carry crit");
        }
        if (header.containsKey("zip")) {
            throw new TokenRejectedException(MALFORMED,
                    "zip is present; compressed payloads are a JWE feature and are never decompressed here (Jamf Pro never compresses)");
        }
        if (!header.containsKey("kid")) {
            return null;
        }
        Object kid = header.get("kid");
        if (!(kid instanceof String)) {
            throw new TokenRejectedException(MALFORMED, "kid is " + Json.typeName(kid) + ", not a string; remove kid (Jamf Pro sends none)");
        }
        AcceptedKey key = keysById.get(kid);
        if (key == null) {
            throw new TokenRejectedException(UNKNOWN_KEY, "kid " + describeUntrusted(kid)
                    + " names no accepted key; kid must be an accepted key's RFC 7638 thumbprint or an id given to"
                    + " acceptKey(key, id), or be absent (Jamf Pro sends none)");
        }
        return key;
    }

    // ---- signature ----

    private AcceptedKey verifySignature(String token, int signingInputEnd, byte[] signature, AcceptedKey selected)
            throws TokenRejectedException {
        // The signing input is base64url (checked), hence ASCII: ISO-8859-1 is a plain byte copy.
        byte[] signingInput = token.substring(0, signingInputEnd).getBytes(StandardCharsets.ISO_8859_1);
        Signature verifier = signatures.get();
        AcceptedKey[] candidates = selected != null ? new AcceptedKey[] {selected} : keys;
        boolean lengthMatched = false;
        for (AcceptedKey key : candidates) {
            if (signature.length != key.modulusBytes()) {
                continue;
            }
            lengthMatched = true;
            if (verifies(verifier, key, signingInput, signature)) {
                return key;
            }
        }
        if (!lengthMatched) {
            throw new TokenRejectedException(BAD_SIGNATURE, "signature is " + signature.length + " bytes, but "
                    + (candidates.length == 1 ? "the accepted key's modulus is " + candidates[0].modulusBytes() + " bytes"
                            : "no accepted key has a modulus of that length")
                    + "; the token was not signed with an accepted RS256 key");
        }
        throw new TokenRejectedException(BAD_SIGNATURE, "signature does not verify with "
                + (candidates.length == 1 ? "the accepted key" : "any of the " + candidates.length + " accepted keys")
                + "; the token was altered or signed with another key (check the web server has Jamf Pro's current public key)");
    }

    private static boolean verifies(Signature verifier, AcceptedKey key, byte[] signingInput, byte[] signature) {
        try {
            verifier.initVerify(key.key());
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            // Malformed PKCS#1 padding and the like: a bad signature, not an error.
            return false;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the JCA provider refused an accepted RSA key it took at build time ("
                    + e.getClass().getSimpleName() + "); check the java.security provider configuration", e);
        }
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance("SHA256withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JRE has no SHA256withRSA signature, which every Java 17 JRE must provide", e);
        }
    }

    // ---- claims (only reached with a valid signature) ----

    private VerifiedContentToken checkClaims(String token, Map<String, Object> header, byte[] payload, AcceptedKey signer)
            throws TokenRejectedException {
        Map<String, Object> claims = jamfClaims(payload);
        if (claims == null) {
            claims = parseClaims(payload);
        }
        if (!claims.containsKey("exp")) {
            throw new TokenRejectedException(NO_EXPIRY, "signed payload has no exp claim; every content token must expire"
                    + " (Jamf Pro always sets exp; tokens without it are refused)");
        }
        long exp = numericDate(claims, "exp");
        long nbf = claims.containsKey("nbf") ? numericDate(claims, "nbf") : Long.MIN_VALUE;
        long iat = claims.containsKey("iat") ? numericDate(claims, "iat") : Long.MIN_VALUE;
        Object iss = claims.get("iss");
        if (!ContentTokens.ISSUER.equals(iss)) {
            throw new TokenRejectedException(WRONG_ISSUER, "iss is " + (claims.containsKey("iss") ? describeSigned(iss) : "absent")
                    + "; Jamf Pro content tokens have iss exactly \"JSS\"");
        }
        Object sub = claims.get("sub");
        if (!ContentTokens.SUBJECT.equals(sub)) {
            throw new TokenRejectedException(WRONG_SUBJECT, "sub is " + (claims.containsKey("sub") ? describeSigned(sub) : "absent")
                    + "; Jamf Pro content tokens have sub exactly \"AppManifest\"");
        }
        long now = nowSeconds();
        checkTimes(exp, nbf, iat, now);
        VerifiedContentToken verified = new VerifiedContentToken(Instant.ofEpochSecond(exp),
                nbf == Long.MIN_VALUE ? Optional.empty() : Optional.of(toInstant(nbf)),
                header, claims, signer.key());
        if (cache != null) {
            cache.put(token, new VerifiedTokenCache.Entry(verified, exp, nbf, iat), now - skewSeconds);
        }
        return verified;
    }

    private static Map<String, Object> parseClaims(byte[] payload) throws TokenRejectedException {
        try {
            return Json.parseObject(payload);
        } catch (MalformedJsonException e) {
            throw new TokenRejectedException(MALFORMED, "signed payload is not a JWT claims set: " + e.problem()
                    + "; the signature is valid, so the signer produced it: Jamf Pro writes {\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":N}");
        }
    }

    private static final byte[] JAMF_PAYLOAD_PREFIX = "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":"
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * The claims of a payload in exactly Jamf Pro's form ({@code {"sub":"AppManifest","iss":"JSS","exp":N}},
     * N a JSON integer without sign or leading zero, at most 18 digits), or {@code null} for any other
     * payload, which then goes through the strict JSON reader. Every token Jamf mints takes this
     * path, which gives the same result as the reader without building it char by char.
     */
    private static Map<String, Object> jamfClaims(byte[] payload) {
        int prefix = JAMF_PAYLOAD_PREFIX.length;
        int digits = payload.length - prefix - 1;
        if (digits < 1 || digits > 18 || payload[payload.length - 1] != '}'
                || (payload[prefix] == '0' && digits > 1)) {
            return null;
        }
        for (int i = 0; i < prefix; i++) {
            if (payload[i] != JAMF_PAYLOAD_PREFIX[i]) {
                return null;
            }
        }
        long exp = 0;
        for (int i = prefix; i < payload.length - 1; i++) {
            int digit = payload[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            exp = exp * 10 + digit;
        }
        Map<String, Object> claims = new LinkedHashMap<>(4);
        claims.put("sub", ContentTokens.SUBJECT);
        claims.put("iss", ContentTokens.ISSUER);
        claims.put("exp", exp);
        return Collections.unmodifiableMap(claims);
    }

    /**
     * exp/nbf/iat and the lifetime cap against the clock; {@code Long.MIN_VALUE} means absent.
     * Shared with cache hits, so a cached token gets exactly the verdict a fresh verification
     * would give, even after the clock steps back.
     */
    private void checkTimes(long exp, long nbf, long iat, long now) throws TokenRejectedException {
        if (exp <= now - skewSeconds) {
            throw new TokenRejectedException(EXPIRED, "exp was " + (now - exp) + " s ago (" + toInstant(exp)
                    + ", clock skew allowed " + skewSeconds + " s); request a fresh download URL from Jamf Pro,"
                    + " or check the web server's clock");
        }
        if (nbf != Long.MIN_VALUE && nbf > now + skewSeconds) {
            throw new TokenRejectedException(NOT_YET_VALID, "nbf is " + (nbf - now) + " s in the future (" + toInstant(nbf)
                    + ", clock skew allowed " + skewSeconds + " s); check the clocks of the signer and the web server");
        }
        if (iat != Long.MIN_VALUE && iat > now + skewSeconds) {
            throw new TokenRejectedException(NOT_YET_VALID, "iat is " + (iat - now) + " s in the future (" + toInstant(iat)
                    + ", clock skew allowed " + skewSeconds + " s); check the clocks of the signer and the web server");
        }
        if (exp > now + maxLifetimeSeconds + skewSeconds) {
            throw new TokenRejectedException(LIFETIME_TOO_LONG, "exp is " + (exp - now) + " s from now, more than the maximum"
                    + " lifetime of " + maxLifetimeSeconds + " s plus " + skewSeconds + " s skew; Jamf Pro's Token Expiry is"
                    + " at most 120 minutes (raise maxLifetime only for a non-Jamf signer)");
        }
    }

    private static long numericDate(Map<String, Object> claims, String name) throws TokenRejectedException {
        Object value = claims.get(name);
        if (value instanceof Long) {
            return (Long) value;
        }
        String what = value instanceof BigInteger ? "an integer beyond 64 bits" : Json.typeName(value);
        throw new TokenRejectedException(MALFORMED, "signed payload's " + name + " is " + what
                + ", not an integer NumericDate (seconds since 1970); Jamf Pro writes e.g. \"" + name + "\":1503324314");
    }

    private long nowSeconds() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    private static Instant toInstant(long epochSeconds) {
        long clamped = Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), epochSeconds));
        return Instant.ofEpochSecond(clamped);
    }

    private static byte[] decodeSegment(String token, int start, int end, String segment) throws TokenRejectedException {
        try {
            return Base64Url.decode(token, start, end);
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(MALFORMED, segment + " segment is not strict base64url: " + e.getMessage()
                    + "; segments are unpadded base64url without whitespace");
        }
    }

    /** A header value as it may appear in a log: short printable ASCII quoted, anything else by type and size. */
    private static String describeUntrusted(Object value) {
        if (value instanceof String) {
            String s = (String) value;
            if (s.length() <= 32 && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                return Json.quote(s);
            }
            return "a " + s.length() + "-character string";
        }
        return Json.typeName(value);
    }

    /**
     * A signed claim value: trusted not to be forged, still kept short, on one line and in ASCII,
     * so a look-alike ("J\u0405S" for "JSS") shows as what it is in a log.
     */
    private static String describeSigned(Object value) {
        if (value instanceof String) {
            String s = (String) value;
            StringBuilder sb = new StringBuilder("\"");
            int shown = Math.min(s.length(), 64);
            for (int i = 0; i < shown; i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                    sb.append(c);
                } else {
                    sb.append(String.format("\\u%04x", (int) c));
                }
            }
            return sb.append(s.length() > shown ? "\"..." : "\"").toString();
        }
        return Json.typeName(value);
    }

    /** An accepted key with what the hot path needs precomputed. */
    record AcceptedKey(RSAPublicKey key, int modulusBytes, String thumbprint) {}

    /** Builder. */
    public static final class Builder {
        private final List<AcceptedKey> keys = new ArrayList<>();
        private final Map<String, AcceptedKey> keysById = new HashMap<>();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;
        private Clock clock = Clock.systemUTC();
        private int cacheEntries;
        private Runnable beforeFullCheck;

        private Builder() {}

        /** Also accept this key (rotation). A token's {@code kid} may name it by its RFC 7638 thumbprint. */
        public Builder acceptKey(PublicKey key) {
            RSAPublicKey rsa = checkVerificationKey(key, keys.size() + 1);
            String thumbprint = RsaKeys.thumbprint(rsa);
            AcceptedKey existing = keysById.get(thumbprint);
            if (existing != null && existing.thumbprint().equals(thumbprint)) {
                return this; // the same key twice: harmless, keep one
            }
            AcceptedKey accepted = new AcceptedKey(rsa, (rsa.getModulus().bitLength() + 7) / 8, thumbprint);
            keys.add(accepted);
            putId(thumbprint, accepted);
            return this;
        }

        /**
         * Also accept this key, and let a token's {@code kid} name it by {@code keyId} as well as by
         * its RFC 7638 thumbprint (for signers that send their own ids). Jamf Pro sends no kid.
         */
        public Builder acceptKey(PublicKey key, String keyId) {
            if (keyId == null || keyId.isEmpty()) {
                throw new IllegalArgumentException("keyId is " + (keyId == null ? "null" : "empty")
                        + "; use acceptKey(key) for a key without an id");
            }
            acceptKey(key);
            String thumbprint = RsaKeys.thumbprint((RSAPublicKey) key);
            putId(keyId, keysById.get(thumbprint));
            return this;
        }

        private void putId(String id, AcceptedKey key) {
            AcceptedKey previous = keysById.get(id);
            if (previous != null && previous != key) {
                throw new IllegalArgumentException("key id \"" + id + "\" is already given to another accepted key;"
                        + " every kid must name exactly one key");
            }
            keysById.put(id, key);
        }

        /** Clock-skew allowance for exp/nbf; default {@link #DEFAULT_CLOCK_SKEW}; 0-5 minutes, whole seconds. */
        public Builder clockSkew(Duration skew) {
            if (skew == null || skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0 || skew.getNano() != 0) {
                throw new IllegalArgumentException("clock skew " + skew + " is not 0-5 minutes in whole seconds;"
                        + " use e.g. Duration.ofSeconds(60) (the default)");
            }
            this.clockSkew = skew;
            return this;
        }

        /** Largest accepted {@code exp - now}; default {@link #DEFAULT_MAX_LIFETIME} (plus skew); positive whole seconds. */
        public Builder maxLifetime(Duration maxLifetime) {
            if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero() || maxLifetime.getNano() != 0
                    || maxLifetime.getSeconds() > Duration.ofDays(366).getSeconds()) {
                throw new IllegalArgumentException("max lifetime " + maxLifetime + " is not positive whole seconds up to"
                        + " a year; use e.g. Duration.ofMinutes(120) (the default, Jamf Pro's longest Token Expiry)");
            }
            this.maxLifetime = maxLifetime;
            return this;
        }

        /** Largest accepted token length in characters; default {@link #DEFAULT_MAX_TOKEN_LENGTH}; 1-65536. */
        public Builder maxTokenLength(int chars) {
            if (chars < 1 || chars > MAX_TOKEN_LENGTH_LIMIT) {
                throw new IllegalArgumentException("max token length " + chars + " is not 1-" + MAX_TOKEN_LENGTH_LIMIT
                        + "; the default " + DEFAULT_MAX_TOKEN_LENGTH + " fits tokens of 4096-bit keys");
            }
            this.maxTokenLength = chars;
            return this;
        }

        /** Clock; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock is null; pass Clock.systemUTC() or a test clock");
            }
            this.clock = clock;
            return this;
        }

        /**
         * Remember verified tokens (bounded) so repeated Range requests with one token skip the
         * RSA operation; a cached token is still refused after its {@code exp}. Default: off.
         * {@code 0} turns it off; at most {@link #MAX_CACHE_ENTRIES}. Entries are keyed by the
         * whole token, so a hit is exactly a token whose signature an accepted key verified; each
         * entry costs about two token lengths of memory.
         */
        public Builder cacheVerifiedTokens(int maxEntries) {
            if (maxEntries < 0 || maxEntries > MAX_CACHE_ENTRIES) {
                throw new IllegalArgumentException("cache size " + maxEntries + " is not 0-" + MAX_CACHE_ENTRIES
                        + "; a few thousand covers the devices downloading at once (0 turns the cache off)");
            }
            this.cacheEntries = maxEntries;
            return this;
        }

        /**
         * Runs {@code gate} before each full check: in the calling thread, once the token is known not
         * to be in the verdict cache (or without a cache) and before it is parsed or any RSA operation;
         * not for tokens refused before the cache (missing, too long) nor for cache hits. Whatever
         * {@code gate} throws propagates from {@code verify}, the token neither checked, cached nor
         * counted in {@link ContentTokenVerifier#fullChecks()}. For a server's budget of full checks:
         * under a flood of new (forged) tokens, tokens verified before keep being answered from the
         * cache while new ones wait or are refused. Default: none.
         *
         * @param gate run before each full check; {@code null} for none
         * @return this builder
         */
        public Builder beforeFullCheck(Runnable gate) {
            this.beforeFullCheck = gate;
            return this;
        }

        /**
         * The verifier, immutable and thread-safe.
         *
         * @return the verifier
         * @throws IllegalArgumentException when no key was accepted
         */
        public ContentTokenVerifier build() {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no accepted keys; add Jamf Pro's public key with acceptKey(key)");
            }
            return new ContentTokenVerifier(this);
        }
    }

    /** Refuses what RS256 cannot verify with: null, non-RSA keys, RSA keys under {@link RsaKeys#MIN_RSA_BITS}. */
    static RSAPublicKey checkVerificationKey(PublicKey key, int position) {
        String which = "accepted key #" + position;
        if (key == null) {
            throw new IllegalArgumentException(which + " is null; read one with RsaKeys.readPublicKey(path)");
        }
        if (!(key instanceof RSAPublicKey)) {
            throw new IllegalArgumentException(which + " is " + key.getAlgorithm()
                    + ", not RSA; Jamf Pro content tokens are RS256, so the web server needs the RSA public key"
                    + " (openssl rsa -in key.pem -pubout)");
        }
        int bits = ((RSAPublicKey) key).getModulus().bitLength();
        if (bits < RsaKeys.MIN_RSA_BITS) {
            throw new IllegalArgumentException(which + " is an RSA key of " + bits + " bits; RS256 needs "
                    + RsaKeys.MIN_RSA_BITS + " or more: generate a new key pair (openssl genrsa -out key.pem 2048)"
                    + " and configure it in Jamf Pro");
        }
        return (RSAPublicKey) key;
    }
}
