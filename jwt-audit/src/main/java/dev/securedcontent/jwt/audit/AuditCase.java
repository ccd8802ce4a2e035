package dev.securedcontent.jwt.audit;

import static dev.securedcontent.jwt.audit.TokenForge.DAY;
import static dev.securedcontent.jwt.audit.TokenForge.EXPIRED_SECONDS_AGO;
import static dev.securedcontent.jwt.audit.TokenForge.PAST_SECONDS;
import static dev.securedcontent.jwt.audit.TokenForge.RS256;
import static dev.securedcontent.jwt.audit.TokenForge.afterHeader;
import static dev.securedcontent.jwt.audit.TokenForge.b64;
import static dev.securedcontent.jwt.audit.TokenForge.claims;
import static dev.securedcontent.jwt.audit.TokenForge.signatureOf;
import static dev.securedcontent.jwt.audit.TokenForge.signingInput;
import static dev.securedcontent.jwt.audit.TokenForge.standardAlphabet;
import static dev.securedcontent.jwt.audit.TokenForge.truncated;
import static dev.securedcontent.jwt.core.ContentTokens.ISSUER;
import static dev.securedcontent.jwt.core.ContentTokens.SUBJECT;

import dev.securedcontent.jwt.audit.ContentServerAudit.ExpectedContent;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One rule a content server must keep, tried with one request: what is sent, what must come
 * back, and how bad it is when it does not.
 */
public enum AuditCase {
    // Each case is one row: everything the audit sends and judges is a field, so adding a case is
    // adding a row (Nimbus's claims verifier keeps its rules as data the same way). The constructor
    // takes every field, so the compiler refuses a row that forgets one.

    // The baseline: without it no refusal proves anything.
    /** GET with a valid token is served (200). */
    VALID_GET(Severity.BASELINE, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN, Token.VALID,
            Outcome.SERVED, "GET with a valid token is served (200)", Fix.VALID),
    /** GET Range: bytes=0-0 with a valid token is served (206). */
    VALID_RANGE(Severity.BASELINE, Needs.VALID_TOKEN, Method.GET, Range.FIRST_BYTE, PathVariant.AS_GIVEN, Token.VALID,
            Outcome.SERVED, "GET Range: bytes=0-0 with a valid token is served (206)", Fix.VALID),
    /** HEAD with a valid token is answered (200). */
    VALID_HEAD(Severity.BASELINE, Needs.VALID_TOKEN, Method.HEAD, Range.NONE, PathVariant.AS_GIVEN, Token.VALID,
            Outcome.SERVED, "HEAD with a valid token is answered (200)", Fix.VALID),
    /** Runs only when the audit is given the expected first bytes. */
    CONTENT_MATCHES(Severity.BASELINE, Needs.VALID_TOKEN, Method.GET, Range.EXPECTED_CONTENT, PathVariant.AS_GIVEN,
            Token.VALID, Outcome.SERVED_CONTENT, "GET Range with a valid token serves the expected first bytes",
            Fix.VALID),

    // Valid tokens in shapes other than Jamf Pro's exact one, which Jamf Pro (or a proxy in front of
    // it) may send and jwt-core's verifier accepts: a server that refuses one breaks downloads.
    /** A valid token with typ JWT in the header is served. */
    VALID_TYP_JWT(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.signed("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", m.claims(), "SHA256withRSA"),
            Outcome.servedIn("typ JWT in the header"),
            "a valid token with typ JWT in the header is served", Fix.VALID_HEADER),
    /** A valid token whose kid is the signing key's RFC 7638 thumbprint is served. */
    VALID_KID(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.signed("{\"alg\":\"RS256\",\"kid\":\"" + m.thumbprint() + "\"}", m.claims(), "SHA256withRSA"),
            Outcome.servedIn("a kid naming the signing key"),
            "a valid token whose kid is the signing key's RFC 7638 thumbprint is served", Fix.VALID_HEADER),
    /** A valid token with iat and nbf 30 s in the past is served. */
    VALID_IAT_NBF_PAST(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256("{\"sub\":\"" + SUBJECT + "\",\"iss\":\"" + ISSUER + "\",\"exp\":" + m.exp()
                    + ",\"iat\":" + (m.now() - PAST_SECONDS) + ",\"nbf\":" + (m.now() - PAST_SECONDS) + "}"),
            Outcome.servedIn("iat and nbf in the past"),
            "a valid token with iat and nbf 30 s in the past is served",
            "accept iat and nbf up to now + 60 s (refuse only those further ahead); do not"
                    + " refuse a token for carrying nbf."),
    /** A valid token with its claims in another order and a jti is served. */
    VALID_CLAIMS_REORDERED(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256("{\"exp\":" + m.exp() + ",\"jti\":\"" + UUID.randomUUID() + "\",\"iss\":\"" + ISSUER
                    + "\",\"sub\":\"" + SUBJECT + "\"}"),
            Outcome.servedIn("claims in another order, with a jti"),
            "a valid token with its claims in another order and a jti is served",
            "read the claims as JSON, in any order and with extra claims (jti, aud);"
                    + " do not match the payload's exact bytes."),
    /** A token whose exp passed 30 s ago, inside the 60 s clock skew, is served. */
    VALID_EXP_IN_SKEW(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims(SUBJECT, ISSUER, m.now() - PAST_SECONDS)),
            Outcome.servedIn("exp 30 s ago, inside the 60 s clock skew; or the server's clock runs ahead"),
            "a token whose exp passed 30 s ago, inside the 60 s clock skew, is served",
            "allow 60 s of clock skew after exp (a token is expired when now >= exp + 60 s),"
                    + " and keep the server's clock in sync (NTP)."),

    // Without a token.
    /** GET without a token is refused. */
    NO_TOKEN_GET(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN, Token.NONE,
            Outcome.REFUSED, "GET without a token is refused", Fix.EVERY_REQUEST),
    /** GET Range: bytes=0-0 without a token is refused. */
    NO_TOKEN_RANGE(Severity.HOLE, Needs.NOTHING, Method.GET, Range.FIRST_BYTE, PathVariant.AS_GIVEN, Token.NONE,
            Outcome.REFUSED, "GET Range: bytes=0-0 without a token is refused", Fix.EVERY_REQUEST),
    /** HEAD without a token is refused (a served HEAD tells strangers what exists). */
    NO_TOKEN_HEAD(Severity.DEVIATION, Needs.NOTHING, Method.HEAD, Range.NONE, PathVariant.AS_GIVEN, Token.NONE,
            Outcome.REFUSED, "HEAD without a token is refused (a served HEAD tells strangers what exists)",
            "check the token on HEAD as on GET (nginx and Apache treat HEAD as GET once the "
                    + "check covers the location; a method-limited rule such as <Limit GET> leaves it open)."),
    /** POST without a token serves no content. */
    NO_TOKEN_POST(Severity.HOLE, Needs.NOTHING, Method.POST, Range.NONE, PathVariant.AS_GIVEN, Token.NONE,
            Outcome.NO_CONTENT, "POST without a token serves no content", Fix.EVERY_REQUEST),
    /** OPTIONS without a token serves no content. */
    NO_TOKEN_OPTIONS(Severity.HOLE, Needs.NOTHING, Method.OPTIONS, Range.NONE, PathVariant.AS_GIVEN, Token.NONE,
            Outcome.NO_CONTENT, "OPTIONS without a token serves no content", Fix.EVERY_REQUEST),
    /** TRACE without a token is refused (an answered TRACE echoes the request it was sent). */
    NO_TOKEN_TRACE(Severity.DEVIATION, Needs.NOTHING, Method.TRACE, Range.NONE, PathVariant.AS_GIVEN, Token.NONE,
            Outcome.REFUSED, "TRACE without a token is refused (an answered TRACE echoes the request it was sent)",
            Fix.TRACE),
    /** TRACE with a valid token is not answered 2xx with the token in the response. */
    TRACE_VALID_TOKEN(Severity.HOLE, Needs.VALID_TOKEN, Method.TRACE, Range.NONE, PathVariant.AS_GIVEN, Token.VALID,
            Outcome.NOT_ECHOED_BACK, "TRACE with a valid token is not answered 2xx with the token in the response",
            Fix.TRACE),
    /** An empty token= is refused. */
    EMPTY_TOKEN(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN, m -> "",
            Outcome.REFUSED, "an empty token= is refused", Fix.EVERY_REQUEST),

    // Forged by an outsider: no private key needed.
    /** {@code alg} none, no signature, is refused. */
    ALG_NONE(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> b64("{\"alg\":\"none\"}") + "." + b64(m.claims()) + ".",
            Outcome.REFUSED, "alg none, no signature, is refused", Fix.SIGNATURE),
    /** {@code alg} None, no signature, is refused. */
    ALG_NONE_CAPITALIZED(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> b64("{\"alg\":\"None\"}") + "." + b64(m.claims()) + ".",
            Outcome.REFUSED, "alg None, no signature, is refused", Fix.SIGNATURE),
    /** {@code alg} none with a signature is refused. */
    ALG_NONE_WITH_SIGNATURE(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            // Any RS256 signature will do: a server that honours alg none never looks at it.
            m -> b64("{\"alg\":\"none\"}") + "." + b64(m.claims()) + "." + signatureOf(m.byOtherKey(RS256, m.claims())),
            Outcome.REFUSED, "alg none with a signature is refused", Fix.SIGNATURE),
    /** HS256 keyed with the public key's PEM (key confusion) is refused. */
    HS256_PUBLIC_KEY(Severity.HOLE, Needs.PUBLIC_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.hs256WithPublicKeyPem("{\"alg\":\"HS256\"}", m.claims()),
            Outcome.REFUSED, "HS256 keyed with the public key's PEM (key confusion) is refused", Fix.SIGNATURE),
    /** RS256 signed by another RSA key is refused. */
    OTHER_KEY(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.byOtherKey(RS256, m.claims()),
            Outcome.REFUSED, "RS256 signed by another RSA key is refused", Fix.SIGNATURE),
    /** RS256 by another key that names itself in a jwk header is refused. */
    EMBEDDED_JWK(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.byOtherKey("{\"alg\":\"RS256\",\"jwk\":" + m.otherKeyJwk() + "}", m.claims()),
            Outcome.REFUSED, "RS256 by another key that names itself in a jwk header is refused", Fix.SIGNATURE),
    /** RS256 by another key with a jku header pointing elsewhere is refused. */
    JKU_HEADER(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.byOtherKey("{\"alg\":\"RS256\",\"jku\":\"https://jwks.invalid/keys.json\"}", m.claims()),
            Outcome.REFUSED, "RS256 by another key with a jku header pointing elsewhere is refused", Fix.SIGNATURE),
    /** A JWE (five segments) is refused. */
    JWE_FORM(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + "." + b64(new byte[256]) + "."
                    + b64(new byte[12]) + "." + b64(new byte[64]) + "." + b64(new byte[16]),
            Outcome.REFUSED, "a JWE (five segments) is refused", Fix.SIGNATURE),

    // Derived from a valid token: tampering.
    /** A payload changed after signing is refused. */
    TAMPERED_PAYLOAD(Severity.HOLE, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> b64(RS256) + "." + b64(claims(SUBJECT, ISSUER, m.exp() + DAY)) + "." + signatureOf(m.valid()),
            Outcome.REFUSED, "a payload changed after signing is refused", Fix.SEGMENTS),
    /** A header changed after signing is refused. */
    TAMPERED_HEADER(Severity.HOLE, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + afterHeader(m.valid()),
            Outcome.REFUSED, "a header changed after signing is refused", Fix.SEGMENTS),
    /** A valid header and payload with an empty signature are refused. */
    SIGNATURE_EMPTY(Severity.HOLE, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> signingInput(m.valid()) + ".",
            Outcome.REFUSED, "a valid header and payload with an empty signature are refused", Fix.SEGMENTS),
    /** A truncated signature is refused. */
    SIGNATURE_TRUNCATED(Severity.HOLE, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> truncated(m.valid()),
            Outcome.REFUSED, "a truncated signature is refused", Fix.SEGMENTS),
    /** Header.payload without a signature segment is refused. */
    TWO_SEGMENTS(Severity.HOLE, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> signingInput(m.valid()),
            Outcome.REFUSED, "header.payload without a signature segment is refused", Fix.SEGMENTS),
    /** A valid token with a fourth segment is refused. */
    FOUR_SEGMENTS(Severity.HOLE, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.valid() + "." + b64("{}"),
            Outcome.REFUSED, "a valid token with a fourth segment is refused", Fix.SEGMENTS),
    /** A token expired two hours ago is refused. */
    EXPIRED(Severity.HOLE, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims(SUBJECT, ISSUER, m.now() - EXPIRED_SECONDS_AGO)),
            Outcome.REFUSED, "a token expired two hours ago is refused",
            "check exp against the clock on every request; do not cache a verdict past the token's exp."),
    /** A signature with base64 padding (==) is refused. */
    SIGNATURE_PADDED(Severity.DEVIATION, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.valid() + "==",
            Outcome.REFUSED, "a signature with base64 padding (==) is refused", Fix.BASE64URL),
    /** A signature in the standard base64 alphabet (+/) is refused. */
    SIGNATURE_STANDARD_ALPHABET(Severity.DEVIATION, Needs.VALID_TOKEN, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> standardAlphabet(m.valid()),
            Outcome.REFUSED, "a signature in the standard base64 alphabet (+/) is refused", Fix.BASE64URL),

    // Signed with the right key, but not a Jamf content token: only the key holder can make these.
    /** A token without exp is refused. */
    EXP_MISSING(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256("{\"sub\":\"" + SUBJECT + "\",\"iss\":\"" + ISSUER + "\"}"),
            Outcome.REFUSED, "a token without exp is refused", Fix.EXP),
    /** Exp as a string is refused. */
    EXP_STRING(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims(SUBJECT, ISSUER, "\"" + m.exp() + "\"")),
            Outcome.REFUSED, "exp as a string is refused", Fix.EXP),
    /** Exp with a fraction is refused. */
    EXP_FRACTION(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims(SUBJECT, ISSUER, m.exp() + ".5")),
            Outcome.REFUSED, "exp with a fraction is refused", Fix.EXP),
    /** Nbf an hour ahead is refused. */
    NBF_FUTURE(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256("{\"sub\":\"" + SUBJECT + "\",\"iss\":\"" + ISSUER + "\",\"exp\":" + (m.exp() + 60 * 60)
                    + ",\"nbf\":" + (m.now() + 60 * 60) + "}"),
            Outcome.REFUSED, "nbf an hour ahead is refused", "refuse a token whose nbf is in the future."),
    /** Iss other than JSS is refused. */
    ISS_WRONG(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims(SUBJECT, "https://issuer.invalid", m.exp())),
            Outcome.REFUSED, "iss other than JSS is refused", Fix.ISS_SUB),
    /** A token without iss is refused. */
    ISS_MISSING(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256("{\"sub\":\"" + SUBJECT + "\",\"exp\":" + m.exp() + "}"),
            Outcome.REFUSED, "a token without iss is refused", Fix.ISS_SUB),
    /** Iss jss (lower case) is refused. */
    ISS_CASE(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims(SUBJECT, ISSUER.toLowerCase(Locale.ROOT), m.exp())),
            Outcome.REFUSED, "iss jss (lower case) is refused", Fix.ISS_SUB),
    /** Sub other than AppManifest is refused. */
    SUB_WRONG(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims("SomethingElse", ISSUER, m.exp())),
            Outcome.REFUSED, "sub other than AppManifest is refused", Fix.ISS_SUB),
    /** A token without sub is refused. */
    SUB_MISSING(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256("{\"iss\":\"" + ISSUER + "\",\"exp\":" + m.exp() + "}"),
            Outcome.REFUSED, "a token without sub is refused", Fix.ISS_SUB),
    /** Sub appmanifest (lower case) is refused. */
    SUB_CASE(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims(SUBJECT.toLowerCase(Locale.ROOT), ISSUER, m.exp())),
            Outcome.REFUSED, "sub appmanifest (lower case) is refused", Fix.ISS_SUB),
    /** An unknown crit header is refused. */
    CRIT_UNKNOWN(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.signed("{\"alg\":\"RS256\",\"crit\":[\"x-audit\"],\"x-audit\":true}", m.claims(), "SHA256withRSA"),
            Outcome.REFUSED, "an unknown crit header is refused",
            "refuse tokens with a crit header the server does not understand (RFC 7515 4.1.11)."),
    /** RS512 with the right key is refused. */
    RS512(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.signed("{\"alg\":\"RS512\"}", m.claims(), "SHA512withRSA"),
            Outcome.REFUSED, "RS512 with the right key is refused", Fix.RS256_ONLY),
    /** PS256 with the right key is refused. */
    PS256(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.signed("{\"alg\":\"PS256\"}", m.claims(), "RSASSA-PSS"),
            Outcome.REFUSED, "PS256 with the right key is refused", Fix.RS256_ONLY),
    /** Exp a day ahead (Jamf Pro allows 120 minutes) is refused. */
    LIFETIME_TOO_LONG(Severity.DEVIATION, Needs.PRIVATE_KEY, Method.GET, Range.NONE, PathVariant.AS_GIVEN,
            m -> m.rs256(claims(SUBJECT, ISSUER, m.now() + DAY)),
            Outcome.REFUSED, "exp a day ahead (Jamf Pro allows 120 minutes) is refused",
            "refuse an exp more than 120 minutes ahead, the most Jamf Pro sets."),

    // The same file by another path, without a token.
    /** The path with a doubled slash is not served. */
    PATH_DOUBLE_SLASH(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.DOUBLE_SLASH, Token.NONE,
            Outcome.NOT_SERVED, "the path with a doubled slash is not served", Fix.PATH),
    /** The path with a /./ segment is not served. */
    PATH_DOT_SEGMENT(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.DOT_SEGMENT, Token.NONE,
            Outcome.NOT_SERVED, "the path with a /./ segment is not served", Fix.PATH),
    /** The path with a /%2e/ segment is not served. */
    PATH_ENCODED_DOT(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.ENCODED_DOT, Token.NONE,
            Outcome.NOT_SERVED, "the path with a /%2e/ segment is not served", Fix.PATH),
    /** The path with a percent-encoded letter is not served. */
    PATH_ENCODED_LETTER(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.ENCODED_LETTER, Token.NONE,
            Outcome.NOT_SERVED, "the path with a percent-encoded letter is not served", Fix.PATH),
    /** The path in other letter case is not served. */
    PATH_LETTER_CASE(Severity.HOLE, Needs.NOTHING, Method.GET, Range.NONE, PathVariant.LETTER_CASE, Token.NONE,
            Outcome.NOT_SERVED, "the path in other letter case is not served", Fix.PATH),

    // Over every response of the audit.
    /** No response echoes the token it was sent (headers or body). */
    TOKEN_NOT_ECHOED(Severity.HOLE, Needs.NOTHING, Method.NONE, Range.NONE, PathVariant.AS_GIVEN, Token.NONE,
            Outcome.NOT_ECHOED, "no response echoes the token it was sent (headers or body)",
            "do not reflect the request URL or query in responses (error pages, Location, debug headers).");

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

    /**
     * What the server must answer and, for a valid token in a shape other than Jamf Pro's exact
     * one, what sets that shape apart (for the message when it is refused).
     */
    record Outcome(Expect expect, Optional<String> shape) {
        static final Outcome SERVED = new Outcome(Expect.SERVED, Optional.empty());
        static final Outcome SERVED_CONTENT = new Outcome(Expect.SERVED_CONTENT, Optional.empty());
        static final Outcome REFUSED = new Outcome(Expect.REFUSED, Optional.empty());
        static final Outcome NOT_SERVED = new Outcome(Expect.NOT_SERVED, Optional.empty());
        static final Outcome NO_CONTENT = new Outcome(Expect.NO_CONTENT, Optional.empty());
        static final Outcome NOT_ECHOED_BACK = new Outcome(Expect.NOT_ECHOED_BACK, Optional.empty());
        static final Outcome NOT_ECHOED = new Outcome(Expect.NOT_ECHOED, Optional.empty());

        Outcome {
            Objects.requireNonNull(expect, "expect");
            Objects.requireNonNull(shape, "shape");
        }

        /** Served, as a valid token in a shape Jamf Pro may send: {@code shape} says what sets it apart. */
        static Outcome servedIn(String shape) {
            return new Outcome(Expect.SERVED, Optional.of(shape));
        }
    }

    /** What the audit needs to make the request. */
    enum Needs {
        NOTHING(""),
        PUBLIC_KEY("needs the public key (or the private key) to key HS256 with"),
        /** A token the server accepts: minted with the private key, or given to the audit. */
        VALID_TOKEN("needs a valid token: the private key, or a token the server accepts"),
        PRIVATE_KEY("needs the private key that signs the content tokens");

        /** Why the case is skipped when the audit lacks it. */
        final String missing;

        Needs(String missing) {
            this.missing = missing;
        }

        boolean metBy(TokenForge forge) {
            return switch (this) {
                case NOTHING -> true;
                case PUBLIC_KEY -> forge.hasPublicKey();
                case VALID_TOKEN -> forge.hasValidToken();
                case PRIVATE_KEY -> forge.hasPrivateKey();
            };
        }
    }

    /** The request's method. */
    enum Method {
        GET, HEAD, POST, OPTIONS, TRACE,
        /** No request of its own: the case is judged over the responses to all the others. */
        NONE
    }

    /** The request's Range header. */
    enum Range {
        NONE,
        /** {@code bytes=0-0}. */
        FIRST_BYTE,
        /** The expected content's length: the case runs only when the audit is given it. */
        EXPECTED_CONTENT;

        /** The header's value, if the request has one. */
        Optional<String> header(Optional<ExpectedContent> expected) {
            return switch (this) {
                case NONE -> Optional.empty();
                case FIRST_BYTE -> Optional.of("bytes=0-0");
                case EXPECTED_CONTENT -> Optional.of("bytes=0-" + (expected.orElseThrow().length() - 1));
            };
        }
    }

    /** Which spelling of the URL's path the request uses: the path as given, or another that may reach the same file. */
    enum PathVariant {
        AS_GIVEN, DOUBLE_SLASH, DOT_SEGMENT, ENCODED_DOT, ENCODED_LETTER, LETTER_CASE;

        /** This spelling of {@code path} (raw); empty when the last segment has no letter to change. */
        Optional<String> spell(String path) {
            int slash = path.lastIndexOf('/');
            String dir = path.substring(0, slash + 1);
            String name = path.substring(slash + 1);
            int letter = firstLetter(name);
            return switch (this) {
                case AS_GIVEN -> Optional.of(path);
                case DOUBLE_SLASH -> Optional.of("/" + path);
                case DOT_SEGMENT -> Optional.of("/." + path);
                case ENCODED_DOT -> Optional.of("/%2e" + path);
                case ENCODED_LETTER -> letter < 0 ? Optional.empty() : Optional.of(dir + name.substring(0, letter)
                        + String.format("%%%02X", (int) name.charAt(letter)) + name.substring(letter + 1));
                case LETTER_CASE -> letter < 0 ? Optional.empty() : Optional.of(dir
                        + (name.equals(name.toUpperCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT)
                                : name.toUpperCase(Locale.ROOT)));
            };
        }

        private static int firstLetter(String name) {
            for (int i = 0; i < name.length(); i++) {
                char ch = name.charAt(i);
                if (ch < 128 && Character.isLetter(ch)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The token a case sends, made fresh for each request; null for none. */
    @FunctionalInterface
    interface Token {
        /** No token parameter at all. */
        Token NONE = m -> null;
        /** A valid token, as Jamf Pro makes it, or the one given to the audit. */
        Token VALID = TokenForge.Mint::valid;

        String mint(TokenForge.Mint m);
    }

    /** What to change on the server, for the fixes several cases share. */
    private static final class Fix {
        static final String VALID = "give the web server the public key of the private key Jamf Pro "
                + "signs with, and serve GET and HEAD (200) and Range (206) when the token verifies.";
        static final String VALID_HEADER = "accept any header jwt-core's verifier accepts: alg RS256 plus typ, and a kid"
                + " that names an accepted key; do not pin the header to Jamf Pro's exact bytes {\"alg\":\"RS256\"}.";
        static final String EVERY_REQUEST = "check the token on every request to the content location, for every "
                + "method (nginx: the recipe's auth_request in that location; Apache: every Require inside one "
                + "<RequireAll>).";
        static final String SIGNATURE = "accept only RS256 signatures that verify with the configured public "
                + "key; pin the algorithm, ignore jwk/jku headers.";
        static final String SEGMENTS = "verify the signature over exactly the header.payload sent, and refuse "
                + "anything but three non-empty base64url segments.";
        static final String BASE64URL = "decode the signature as unpadded base64url only "
                + "(RFC 7515); refuse padding and the + / alphabet.";
        static final String EXP = "require exp, as an integer NumericDate.";
        static final String ISS_SUB = "require iss JSS and sub "
                + "AppManifest, exactly and both (Apache: two Require claim lines inside <RequireAll>, not beside "
                + "each other, which means either).";
        static final String RS256_ONLY = "accept RS256 only, as Jamf Pro signs.";
        static final String PATH = "protect the content by directory prefix, not by exact path (nginx: location ^~ "
                + "/apps/ with merge_slashes on, no location = /apps/App.pkg; Apache: <Directory> or <Location "
                + "/apps/>), so every spelling that reaches the file is checked.";
        static final String TRACE = "turn TRACE off (Apache: TraceEnable Off at server level; "
                + "it answers TRACE before any access check and echoes the request, token included).";

        private Fix() {}
    }

    private final Severity severity;
    private final Needs needs;
    private final Method method;
    private final Range range;
    private final PathVariant path;
    private final Token token;
    private final Outcome outcome;
    private final String rule;
    private final String fix;

    AuditCase(Severity severity, Needs needs, Method method, Range range, PathVariant path, Token token,
            Outcome outcome, String rule, String fix) {
        this.severity = Objects.requireNonNull(severity, "severity");
        this.needs = Objects.requireNonNull(needs, "needs");
        this.method = Objects.requireNonNull(method, "method");
        this.range = Objects.requireNonNull(range, "range");
        this.path = Objects.requireNonNull(path, "path");
        this.token = Objects.requireNonNull(token, "token");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.fix = Objects.requireNonNull(fix, "fix");
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
        return outcome.expect();
    }

    /** What sets the valid token's shape apart from Jamf Pro's exact form; empty for other cases. */
    Optional<String> shape() {
        return outcome.shape();
    }

    Needs needs() {
        return needs;
    }

    Method method() {
        return method;
    }

    Range range() {
        return range;
    }

    PathVariant path() {
        return path;
    }

    Token token() {
        return token;
    }

    /** What to change on the server when the case fails. */
    String fix() {
        return fix;
    }
}
