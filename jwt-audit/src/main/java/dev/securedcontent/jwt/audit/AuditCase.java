package dev.securedcontent.jwt.audit;

import java.util.Locale;

/**
 * One rule a content server must keep, tried with one request: what is sent, what must come
 * back, and how bad it is when it does not.
 */
public enum AuditCase {

    // The baseline: without it no refusal proves anything.
    /** GET with a valid token is served (200). */
    VALID_GET(Severity.BASELINE, Expect.SERVED, Needs.VALID_TOKEN, "GET with a valid token is served (200)"),
    /** GET Range: bytes=0-0 with a valid token is served (206). */
    VALID_RANGE(Severity.BASELINE, Expect.SERVED, Needs.VALID_TOKEN, "GET Range: bytes=0-0 with a valid token is served (206)"),
    /** HEAD with a valid token is answered (200). */
    VALID_HEAD(Severity.BASELINE, Expect.SERVED, Needs.VALID_TOKEN, "HEAD with a valid token is answered (200)"),
    /** Runs only when the audit is given the expected first bytes. */
    CONTENT_MATCHES(Severity.BASELINE, Expect.SERVED_CONTENT, Needs.VALID_TOKEN,
            "GET Range with a valid token serves the expected first bytes"),

    // Valid tokens in shapes other than Jamf Pro's exact one, which Jamf Pro (or a proxy in front of
    // it) may send and jwt-core's verifier accepts: a server that refuses one breaks downloads.
    /** A valid token with typ JWT in the header is served. */
    VALID_TYP_JWT(Severity.DEVIATION, Expect.SERVED, Needs.PRIVATE_KEY,
            "a valid token with typ JWT in the header is served"),
    /** A valid token whose kid is the signing key's RFC 7638 thumbprint is served. */
    VALID_KID(Severity.DEVIATION, Expect.SERVED, Needs.PRIVATE_KEY,
            "a valid token whose kid is the signing key's RFC 7638 thumbprint is served"),
    /** A valid token with iat and nbf 30 s in the past is served. */
    VALID_IAT_NBF_PAST(Severity.DEVIATION, Expect.SERVED, Needs.PRIVATE_KEY,
            "a valid token with iat and nbf 30 s in the past is served"),
    /** A valid token with its claims in another order and a jti is served. */
    VALID_CLAIMS_REORDERED(Severity.DEVIATION, Expect.SERVED, Needs.PRIVATE_KEY,
            "a valid token with its claims in another order and a jti is served"),
    /** A token whose exp passed 30 s ago, inside the 60 s clock skew, is served. */
    VALID_EXP_IN_SKEW(Severity.DEVIATION, Expect.SERVED, Needs.PRIVATE_KEY,
            "a token whose exp passed 30 s ago, inside the 60 s clock skew, is served"),

    // Without a token.
    /** GET without a token is refused. */
    NO_TOKEN_GET(Severity.HOLE, Expect.REFUSED, Needs.NOTHING, "GET without a token is refused"),
    /** GET Range: bytes=0-0 without a token is refused. */
    NO_TOKEN_RANGE(Severity.HOLE, Expect.REFUSED, Needs.NOTHING, "GET Range: bytes=0-0 without a token is refused"),
    /** HEAD without a token is refused (a served HEAD tells strangers what exists). */
    NO_TOKEN_HEAD(Severity.DEVIATION, Expect.REFUSED, Needs.NOTHING,
            "HEAD without a token is refused (a served HEAD tells strangers what exists)"),
    /** POST without a token serves no content. */
    NO_TOKEN_POST(Severity.HOLE, Expect.NO_CONTENT, Needs.NOTHING, "POST without a token serves no content"),
    /** OPTIONS without a token serves no content. */
    NO_TOKEN_OPTIONS(Severity.HOLE, Expect.NO_CONTENT, Needs.NOTHING, "OPTIONS without a token serves no content"),
    /** TRACE without a token is refused (an answered TRACE echoes the request it was sent). */
    NO_TOKEN_TRACE(Severity.DEVIATION, Expect.REFUSED, Needs.NOTHING,
            "TRACE without a token is refused (an answered TRACE echoes the request it was sent)"),
    /** TRACE with a valid token is not answered 2xx with the token in the response. */
    TRACE_VALID_TOKEN(Severity.HOLE, Expect.NOT_ECHOED_BACK, Needs.VALID_TOKEN,
            "TRACE with a valid token is not answered 2xx with the token in the response"),
    /** An empty token= is refused. */
    EMPTY_TOKEN(Severity.HOLE, Expect.REFUSED, Needs.NOTHING, "an empty token= is refused"),

    // Forged by an outsider: no private key needed.
    /** {@code alg} none, no signature, is refused. */
    ALG_NONE(Severity.HOLE, Expect.REFUSED, Needs.NOTHING, "alg none, no signature, is refused"),
    /** {@code alg} None, no signature, is refused. */
    ALG_NONE_CAPITALIZED(Severity.HOLE, Expect.REFUSED, Needs.NOTHING, "alg None, no signature, is refused"),
    /** {@code alg} none with a signature is refused. */
    ALG_NONE_WITH_SIGNATURE(Severity.HOLE, Expect.REFUSED, Needs.NOTHING, "alg none with a signature is refused"),
    /** HS256 keyed with the public key's PEM (key confusion) is refused. */
    HS256_PUBLIC_KEY(Severity.HOLE, Expect.REFUSED, Needs.PUBLIC_KEY,
            "HS256 keyed with the public key's PEM (key confusion) is refused"),
    /** RS256 signed by another RSA key is refused. */
    OTHER_KEY(Severity.HOLE, Expect.REFUSED, Needs.NOTHING, "RS256 signed by another RSA key is refused"),
    /** RS256 by another key that names itself in a jwk header is refused. */
    EMBEDDED_JWK(Severity.HOLE, Expect.REFUSED, Needs.NOTHING,
            "RS256 by another key that names itself in a jwk header is refused"),
    /** RS256 by another key with a jku header pointing elsewhere is refused. */
    JKU_HEADER(Severity.HOLE, Expect.REFUSED, Needs.NOTHING,
            "RS256 by another key with a jku header pointing elsewhere is refused"),
    /** A JWE (five segments) is refused. */
    JWE_FORM(Severity.HOLE, Expect.REFUSED, Needs.NOTHING, "a JWE (five segments) is refused"),

    // Derived from a valid token: tampering.
    /** A payload changed after signing is refused. */
    TAMPERED_PAYLOAD(Severity.HOLE, Expect.REFUSED, Needs.VALID_TOKEN, "a payload changed after signing is refused"),
    /** A header changed after signing is refused. */
    TAMPERED_HEADER(Severity.HOLE, Expect.REFUSED, Needs.VALID_TOKEN, "a header changed after signing is refused"),
    /** A valid header and payload with an empty signature are refused. */
    SIGNATURE_EMPTY(Severity.HOLE, Expect.REFUSED, Needs.VALID_TOKEN, "a valid header and payload with an empty signature are refused"),
    /** A truncated signature is refused. */
    SIGNATURE_TRUNCATED(Severity.HOLE, Expect.REFUSED, Needs.VALID_TOKEN, "a truncated signature is refused"),
    /** Header.payload without a signature segment is refused. */
    TWO_SEGMENTS(Severity.HOLE, Expect.REFUSED, Needs.VALID_TOKEN, "header.payload without a signature segment is refused"),
    /** A valid token with a fourth segment is refused. */
    FOUR_SEGMENTS(Severity.HOLE, Expect.REFUSED, Needs.VALID_TOKEN, "a valid token with a fourth segment is refused"),
    /** A token expired two hours ago is refused. */
    EXPIRED(Severity.HOLE, Expect.REFUSED, Needs.PRIVATE_KEY, "a token expired two hours ago is refused"),
    /** A signature with base64 padding (==) is refused. */
    SIGNATURE_PADDED(Severity.DEVIATION, Expect.REFUSED, Needs.VALID_TOKEN,
            "a signature with base64 padding (==) is refused"),
    /** A signature in the standard base64 alphabet (+/) is refused. */
    SIGNATURE_STANDARD_ALPHABET(Severity.DEVIATION, Expect.REFUSED, Needs.VALID_TOKEN,
            "a signature in the standard base64 alphabet (+/) is refused"),

    // Signed with the right key, but not a Jamf content token: only the key holder can make these.
    /** A token without exp is refused. */
    EXP_MISSING(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "a token without exp is refused"),
    /** Exp as a string is refused. */
    EXP_STRING(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "exp as a string is refused"),
    /** Exp with a fraction is refused. */
    EXP_FRACTION(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "exp with a fraction is refused"),
    /** Nbf an hour ahead is refused. */
    NBF_FUTURE(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "nbf an hour ahead is refused"),
    /** Iss other than JSS is refused. */
    ISS_WRONG(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "iss other than JSS is refused"),
    /** A token without iss is refused. */
    ISS_MISSING(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "a token without iss is refused"),
    /** Iss jss (lower case) is refused. */
    ISS_CASE(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "iss jss (lower case) is refused"),
    /** Sub other than AppManifest is refused. */
    SUB_WRONG(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "sub other than AppManifest is refused"),
    /** A token without sub is refused. */
    SUB_MISSING(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "a token without sub is refused"),
    /** Sub appmanifest (lower case) is refused. */
    SUB_CASE(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "sub appmanifest (lower case) is refused"),
    /** An unknown crit header is refused. */
    CRIT_UNKNOWN(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "an unknown crit header is refused"),
    /** RS512 with the right key is refused. */
    RS512(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "RS512 with the right key is refused"),
    /** PS256 with the right key is refused. */
    PS256(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY, "PS256 with the right key is refused"),
    /** Exp a day ahead (Jamf Pro allows 120 minutes) is refused. */
    LIFETIME_TOO_LONG(Severity.DEVIATION, Expect.REFUSED, Needs.PRIVATE_KEY,
            "exp a day ahead (Jamf Pro allows 120 minutes) is refused"),

    // The same file by another path, without a token.
    /** The path with a doubled slash is not served. */
    PATH_DOUBLE_SLASH(Severity.HOLE, Expect.NOT_SERVED, Needs.NOTHING, "the path with a doubled slash is not served"),
    /** The path with a /./ segment is not served. */
    PATH_DOT_SEGMENT(Severity.HOLE, Expect.NOT_SERVED, Needs.NOTHING, "the path with a /./ segment is not served"),
    /** The path with a /%2e/ segment is not served. */
    PATH_ENCODED_DOT(Severity.HOLE, Expect.NOT_SERVED, Needs.NOTHING, "the path with a /%2e/ segment is not served"),
    /** The path with a percent-encoded letter is not served. */
    PATH_ENCODED_LETTER(Severity.HOLE, Expect.NOT_SERVED, Needs.NOTHING,
            "the path with a percent-encoded letter is not served"),
    /** The path in other letter case is not served. */
    PATH_LETTER_CASE(Severity.HOLE, Expect.NOT_SERVED, Needs.NOTHING,
            "the path in other letter case is not served"),

    // Over every response of the audit.
    /** No response echoes the token it was sent (headers or body). */
    TOKEN_NOT_ECHOED(Severity.HOLE, Expect.NOT_ECHOED, Needs.NOTHING,
            "no response echoes the token it was sent (headers or body)");

    /** How bad a failed case is. */
    public enum Severity {
        /** A valid token must be served; when it is not, no refusal proves anything. Fails the audit. */
        BASELINE,
        /** An outsider without the private key gets content. Fails the audit. */
        HOLE,
        /**
         * Only the key holder could make such a request: a token Jamf Pro never signs was served, or
         * a valid token in a shape Jamf Pro may send was refused (downloads carrying it fail). A
         * warning, or a failure when strict.
         */
        DEVIATION
    }

    /** What the server must answer. */
    enum Expect {
        /** 2xx. */
        SERVED,
        /** 2xx, and the first bytes hash to the expected digest. */
        SERVED_CONTENT,
        /** Not 2xx, and not a redirect (which may lead to an unprotected copy). */
        REFUSED,
        /** Not 2xx; a redirect is not followed. */
        NOT_SERVED,
        /** No body bytes, whatever the status. */
        NO_CONTENT,
        /** Not 2xx with the token sent in the response (headers or body). */
        NOT_ECHOED_BACK,
        /** The token sent appears in no response. */
        NOT_ECHOED
    }

    /** What the audit needs to make the request. */
    enum Needs {
        NOTHING,
        PUBLIC_KEY,
        /** A token the server accepts: minted with the private key, or given to the audit. */
        VALID_TOKEN,
        PRIVATE_KEY
    }

    private final Severity severity;
    private final Expect expect;
    private final Needs needs;
    private final String rule;

    AuditCase(Severity severity, Expect expect, Needs needs, String rule) {
        this.severity = severity;
        this.expect = expect;
        this.needs = needs;
        this.rule = rule;
    }

    /** The case's name in reports: {@code no-token-get}, {@code alg-none}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** How bad it is when the server does not keep this rule. */
    public Severity severity() {
        return severity;
    }

    /** The rule in one sentence: what is sent and what must come back. */
    public String rule() {
        return rule;
    }

    /** Whether the case can run without the private key and without a valid token (an outsider could try it). */
    public boolean outsider() {
        return needs == Needs.NOTHING || needs == Needs.PUBLIC_KEY;
    }

    Expect expect() {
        return expect;
    }

    Needs needs() {
        return needs;
    }
}
