// Generated from web-server/rules/content-token-rules.js by it/'s EdgeRulesCopiesTest: do not edit this copy.
// Edit the source, then regenerate every copy: ./mvnw -B verify -pl it -am -Dtest=EdgeRulesCopiesTest -Dsurefire.failIfNoSpecifiedTests=false -Dinvoker.skip=true -Djwt.updateRules=true
/*
 * content-token-rules.js: the rules of a Jamf Pro content token (the `token` query parameter),
 * the same as jwt-core's ContentTokenVerifier, shared by every JavaScript recipe: nginx's njs
 * (web-server/nginx/content-token.js), the Cloudflare Worker (web-server/cloudflare-worker/) and
 * the Lambda@Edge handler (web-server/lambda-edge/). This file is the source: each of those recipe
 * directories holds a copy generated from it (with a header saying so), so an admin copies one
 * directory; it/'s EdgeRulesCopiesTest fails naming a stale copy and regenerates every copy with
 * -Djwt.updateRules=true (docs/development.md).
 *
 * Written for the smallest common runtime, njs 0.7 (no npm, no named exports, no `await` inside
 * call arguments): no imports; it uses only globals every runtime has: crypto.subtle, TextDecoder,
 * Buffer (a Cloudflare Worker needs the nodejs_compat flag for Buffer).
 *
 * Rules, and their order, are ContentTokenVerifier's (it/'s parity tests hold every recipe to the
 * same verdict and reason): the token parameter found by its percent-decoded name in any letter
 * case, exactly once, then percent-decoded; at most 4096 chars, bounded before any decoding;
 * exactly three segments of strict base64url (alphabet only, no '=' padding, no whitespace,
 * length % 4 != 1, unused trailing bits zero); header and payload strict UTF-8 JSON objects with
 * duplicate keys refused; alg exactly "RS256"; crit and zip refused; a kid must be the RFC 7638
 * thumbprint of an accepted key; keys or key URLs inside the token (jwk, jku, x5u, x5c) never
 * used; RS256 signature by one of the accepted RSA public keys (rotation); then, signed claims
 * only: exp required, exp/nbf/iat 64-bit integers, iss "JSS", sub "AppManifest", 60 s clock skew,
 * nbf and iat honoured, exp - now at most 120 minutes + skew.
 */
const MAX_TOKEN_LENGTH = 4096;
const CLOCK_SKEW_SECONDS = 60;
const MAX_LIFETIME_SECONDS = 120 * 60;
const MIN_RSA_BITS = 2048;
const MAX_JSON_DEPTH = 16;
const ISSUER = 'JSS';
const SUBJECT = 'AppManifest';
// BEGIN RejectionReason: written by it/'s EdgeRulesCopiesTest from jwt-core's RejectionReason; change it there.
/** The response header that names the reason of a refusal. */
const REASON_HEADER = 'X-Content-Token-Reason';
/** The HTTP status of a refusal for each reason (RejectionReason.httpStatus()). */
const STATUS_OF_REASON = {
    MISSING: 401,
    AMBIGUOUS: 403,
    TOO_LONG: 403,
    MALFORMED: 403,
    UNSUPPORTED_ALGORITHM: 403,
    UNSUPPORTED_CRITICAL_HEADER: 403,
    BAD_SIGNATURE: 403,
    UNKNOWN_KEY: 403,
    WRONG_ISSUER: 403,
    WRONG_SUBJECT: 403,
    NO_EXPIRY: 403,
    EXPIRED: 403,
    NOT_YET_VALID: 403,
    LIFETIME_TOO_LONG: 403,
};
// END RejectionReason
/** The reason header's value while the recipe itself is misconfigured (every recipe then answers 500). */
const MISCONFIGURED = 'MISCONFIGURED';
const RSA_ENCRYPTION_OID = '2a864886f70d010101';

/*
 * Failures are thrown as plain objects, not Errors: njs 0.7 walks the request object (and logs
 * deprecation warnings) when an Error is created after an await.
 */

/** A token refused for a reason the error log and the status code carry. */
function rejection(reason, detail) {
    return {reason: reason, detail: detail};
}

/** The recipe itself is wrong (keys missing or unusable): every request fails closed with 500. */
function misconfiguration(detail) {
    return {misconfiguration: true, message: detail};
}

/* ---------------------------------------------------------------- query */

/** Percent-decodes (strict UTF-8, '+' left as is), as jwt-core's verifyUrl does; null if invalid. */
function percentDecoded(raw) {
    if (raw.indexOf('%') < 0) {
        return raw;
    }
    const bytes = [];
    for (let i = 0; i < raw.length; i++) {
        const c = raw.charAt(i);
        if (c === '%') {
            const hex = raw.substring(i + 1, i + 3);
            if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
                return null;
            }
            bytes.push(parseInt(hex, 16));
            i += 2;
        } else {
            const utf8 = Buffer.from(c);
            for (let k = 0; k < utf8.length; k++) {
                bytes.push(utf8[k]);
            }
        }
    }
    try {
        return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(Buffer.from(bytes));
    } catch (e) {
        return null;
    }
}

/*
 * A parameter is the token when its percent-decoded name is "token" in any letter case: nginx's
 * own $arg_token matches raw names in any case, an upstream may decode them, and neither must see
 * a different token than the check did.
 */
function isTokenParameter(rawParameter) {
    const eq = rawParameter.indexOf('=');
    const rawName = eq < 0 ? rawParameter : rawParameter.substring(0, eq);
    if (rawName.length < 5) {
        return false;
    }
    const name = percentDecoded(rawName);
    return name !== null && name.toLowerCase() === 'token';
}

/** Every raw (still percent-encoded) value of the token query parameter in the request line. */
function tokenParameters(requestUri) {
    const values = [];
    const q = requestUri.indexOf('?');
    if (q < 0) {
        return values;
    }
    const params = requestUri.substring(q + 1).split('&');
    for (let i = 0; i < params.length; i++) {
        if (isTokenParameter(params[i])) {
            const eq = params[i].indexOf('=');
            values.push(eq < 0 ? '' : params[i].substring(eq + 1));
        }
    }
    return values;
}

/** The request URI without any token parameter (for upstreams); everything else byte for byte. */
function stripTokenParameters(requestUri) {
    const q = requestUri.indexOf('?');
    if (q < 0) {
        return requestUri;
    }
    const kept = requestUri.substring(q + 1).split('&').filter(function (p) {
        return !isTokenParameter(p);
    });
    const path = requestUri.substring(0, q);
    return kept.length === 0 ? path : path + '?' + kept.join('&');
}

/* ---------------------------------------------------------------- base64url and JSON */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Strict base64url: alphabet only, no padding or whitespace, no impossible length, no stray trailing bits. */
function decodeSegment(segment, name) {
    if (!BASE64URL.test(segment)) {
        throw rejection('MALFORMED', name + ' segment is not strict base64url (only A-Z a-z 0-9 - _, no padding, no whitespace)');
    }
    const remainder = segment.length % 4;
    if (remainder === 1) {
        throw rejection('MALFORMED', name + ' segment has an impossible base64url length (' + segment.length + ' chars)');
    }
    // Unused trailing bits must be zero, so every byte string has exactly one accepted encoding.
    const last = remainder === 0 ? 0 : BASE64URL_ALPHABET.indexOf(segment.charAt(segment.length - 1));
    if ((remainder === 2 && (last & 0x0f) !== 0) || (remainder === 3 && (last & 0x03) !== 0)) {
        throw rejection('MALFORMED', name + ' segment is non-canonical base64url (unused trailing bits set)');
    }
    return Buffer.from(segment, 'base64url');
}

/** A strict UTF-8 JSON object, or a MALFORMED rejection naming `what`. */
function jsonObjectOf(bytes, what) {
    let text;
    try {
        // ignoreBOM keeps a leading U+FEFF, which the JSON reader then refuses, as jwt-core does.
        text = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
    } catch (e) {
        throw rejection('MALFORMED', what + ' is not valid UTF-8');
    }
    let value;
    try {
        value = parseJson(text);
    } catch (e) {
        throw rejection('MALFORMED', what + ' is not strict JSON: ' + e.message);
    }
    if (!isObject(value)) {
        throw rejection('MALFORMED', what + ' is not a JSON object');
    }
    return value;
}

/*
 * A strict RFC 8259 reader, the same as jwt-core's Json: JSON.parse keeps the last of duplicate
 * keys silently, and a re-serialisation comparison would also refuse harmless escapes and
 * whitespace, so duplicates are found while tokenizing. Objects map "$" + key to the value (so no
 * key can touch a prototype); numbers keep their literal and whether it was an integer literal.
 */
function parseJson(text) {
    let pos = 0;

    function fail(message) {
        throw {message: message + ' at offset ' + pos};
    }

    function peek() {
        return pos < text.length ? text.charAt(pos) : '';
    }

    function skipWhitespace() {
        while (pos < text.length) {
            const c = text.charAt(pos);
            if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    function isDigit(c) {
        return c >= '0' && c <= '9' && c.length === 1;
    }

    function readValue(depth) {
        const c = peek();
        if (c === '{') {
            return readObject(depth + 1);
        } else if (c === '[') {
            return readArray(depth + 1);
        } else if (c === '"') {
            return readString();
        } else if (c === '-' || isDigit(c)) {
            return readNumber();
        }
        const literals = [['true', true], ['false', false], ['null', null]];
        for (let i = 0; i < literals.length; i++) {
            if (text.startsWith(literals[i][0], pos)) {
                pos += literals[i][0].length;
                return literals[i][1];
            }
        }
        return fail(c === '' ? 'unexpected end of text, expected a value' : 'unexpected character, expected a value');
    }

    function checkDepth(depth) {
        if (depth > MAX_JSON_DEPTH) {
            fail('nested deeper than ' + MAX_JSON_DEPTH + ' levels');
        }
    }

    function readObject(depth) {
        checkDepth(depth);
        pos++;
        const object = {kind: 'object', members: {}};
        skipWhitespace();
        if (peek() === '}') {
            pos++;
            return object;
        }
        for (;;) {
            skipWhitespace();
            if (peek() !== '"') {
                fail('expected a string key');
            }
            const keyAt = pos;
            const key = '$' + readString();
            skipWhitespace();
            if (peek() !== ':') {
                fail("expected ':'");
            }
            pos++;
            skipWhitespace();
            const value = readValue(depth);
            if (Object.prototype.hasOwnProperty.call(object.members, key)) {
                pos = keyAt;
                fail('duplicate key ' + shown(key.substring(1)));
            }
            object.members[key] = value;
            skipWhitespace();
            const c = peek();
            if (c === ',') {
                pos++;
            } else if (c === '}') {
                pos++;
                return object;
            } else {
                fail("expected ',' or '}' in an object");
            }
        }
    }

    function readArray(depth) {
        checkDepth(depth);
        pos++;
        const array = {kind: 'array', elements: []};
        skipWhitespace();
        if (peek() === ']') {
            pos++;
            return array;
        }
        for (;;) {
            skipWhitespace();
            array.elements.push(readValue(depth));
            skipWhitespace();
            const c = peek();
            if (c === ',') {
                pos++;
            } else if (c === ']') {
                pos++;
                return array;
            } else {
                fail("expected ',' or ']' in an array");
            }
        }
    }

    function readHex4() {
        const hex = text.substring(pos, pos + 4);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
            fail('invalid \\u escape');
        }
        pos += 4;
        return parseInt(hex, 16);
    }

    function readString() {
        pos++;
        let out = '';
        for (;;) {
            if (pos >= text.length) {
                fail('unterminated string');
            }
            const c = text.charAt(pos);
            const code = text.charCodeAt(pos);
            if (c === '"') {
                pos++;
                return out;
            } else if (c === '\\') {
                pos++;
                const e = text.charAt(pos++);
                const simple = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'};
                if (e === 'u') {
                    const unit = readHex4();
                    if (unit >= 0xd800 && unit <= 0xdbff) {
                        if (text.substring(pos, pos + 2) !== '\\u') {
                            fail('unpaired high surrogate escape');
                        }
                        pos += 2;
                        const low = readHex4();
                        if (low < 0xdc00 || low > 0xdfff) {
                            fail('high surrogate escape not followed by a low surrogate escape');
                        }
                        out += String.fromCodePoint(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
                    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
                        fail('unpaired low surrogate escape');
                    } else {
                        out += String.fromCharCode(unit);
                    }
                } else if (Object.prototype.hasOwnProperty.call(simple, e)) {
                    out += simple[e];
                } else {
                    fail('invalid escape sequence');
                }
            } else if (code < 0x20) {
                fail('raw control character in a string');
            } else if (code >= 0xd800 && code <= 0xdfff) {
                fail('unpaired surrogate in a string');
            } else {
                out += c;
                pos++;
            }
        }
    }

    function readNumber() {
        const start = pos;
        if (peek() === '-') {
            pos++;
        }
        if (peek() === '0') {
            pos++;
            if (isDigit(peek())) {
                pos = start;
                fail('number with a leading zero');
            }
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            fail("'-' not followed by a digit");
        }
        let integer = true;
        if (peek() === '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) {
                fail('no digit after the decimal point');
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() === 'e' || peek() === 'E') {
            integer = false;
            pos++;
            if (peek() === '+' || peek() === '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                fail('no digit in the exponent');
            }
            const expStart = pos;
            while (isDigit(peek())) {
                pos++;
            }
            if (pos - expStart > 6) {
                fail('number exponent too large');
            }
        }
        const literal = text.substring(start, pos);
        return {kind: 'number', integer: integer, literal: literal, value: Number(literal)};
    }

    skipWhitespace();
    const value = readValue(0);
    skipWhitespace();
    if (pos !== text.length) {
        fail('unexpected data after the JSON value');
    }
    return value;
}

function isObject(v) {
    return v !== null && typeof v === 'object' && v.kind === 'object';
}

function member(object, name) {
    return Object.prototype.hasOwnProperty.call(object.members, '$' + name) ? {value: object.members['$' + name]} : null;
}

function isInteger(v) {
    return v !== null && typeof v === 'object' && v.kind === 'number' && v.integer;
}

function typeName(v) {
    if (v === null) {
        return 'null';
    } else if (typeof v === 'string') {
        return 'a string';
    } else if (typeof v === 'boolean') {
        return 'a boolean';
    } else if (v.kind === 'number') {
        return v.integer ? 'an integer' : 'a non-integer number';
    }
    return v.kind === 'array' ? 'an array' : 'an object';
}

/** A short, printable, quoted form of an untrusted string for the error log. */
function shown(s) {
    let out = JSON.stringify(s.length > 40 ? s.substring(0, 40) + '...' : s);
    out = out.replace(/[^\x20-\x7e]/g, function (c) {
        return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
    return out;
}

/* ---------------------------------------------------------------- keys */

/** DER reader just deep enough to check an RSA SubjectPublicKeyInfo and size its modulus. */
function derElement(der, offset, expectedTag, what) {
    if (offset + 2 > der.length || der[offset] !== expectedTag) {
        throw {message: what + ' not found'};
    }
    let length = der[offset + 1];
    let header = 2;
    if (length & 0x80) {
        const n = length & 0x7f;
        if (n < 1 || n > 3 || offset + 2 + n > der.length) {
            throw {message: 'bad DER length of ' + what};
        }
        length = 0;
        for (let i = 0; i < n; i++) {
            length = length * 256 + der[offset + 2 + i];
        }
        header += n;
    }
    if (offset + header + length > der.length) {
        throw {message: what + ' is truncated'};
    }
    return {start: offset + header, end: offset + header + length};
}

function derLengthBytes(length) {
    if (length < 0x80) {
        return [length];
    }
    const bytes = [];
    for (let l = length; l > 0; l = Math.floor(l / 256)) {
        bytes.unshift(l % 256);
    }
    return [0x80 | bytes.length].concat(bytes);
}

/** Wraps a PKCS#1 RSAPublicKey (BEGIN RSA PUBLIC KEY) into the SPKI form WebCrypto imports. */
function spkiOfPkcs1(pkcs1) {
    const algorithm = Buffer.from('300d06092a864886f70d0101010500', 'hex');
    const bitString = Buffer.concat([Buffer.from([0x03].concat(derLengthBytes(pkcs1.length + 1))), Buffer.from([0]), pkcs1]);
    const body = Buffer.concat([algorithm, bitString]);
    return Buffer.concat([Buffer.from([0x30].concat(derLengthBytes(body.length))), body]);
}

function magnitude(der, element) {
    let start = element.start;
    while (start < element.end - 1 && der[start] === 0) {
        start++;
    }
    return Buffer.from(der.slice(start, element.end));
}

/** Checks an SPKI is an RSA key; returns its modulus size, modulus and exponent. */
function rsaKeyOf(spki) {
    const outer = derElement(spki, 0, 0x30, 'SubjectPublicKeyInfo');
    const algorithm = derElement(spki, outer.start, 0x30, 'AlgorithmIdentifier');
    const oid = derElement(spki, algorithm.start, 0x06, 'algorithm OID');
    if (Buffer.from(spki.slice(oid.start, oid.end)).toString('hex') !== RSA_ENCRYPTION_OID) {
        throw {message: 'not an RSA public key (RS256 needs RSA)'};
    }
    const bits = derElement(spki, algorithm.end, 0x03, 'public key BIT STRING');
    const rsaKey = derElement(spki, bits.start + 1, 0x30, 'RSAPublicKey');
    const modulusElement = derElement(spki, rsaKey.start, 0x02, 'modulus');
    const exponentElement = derElement(spki, modulusElement.end, 0x02, 'public exponent');
    const n = magnitude(spki, modulusElement);
    const e = magnitude(spki, exponentElement);
    let bitLength = n.length * 8;
    for (let top = n[0]; bitLength > 0 && top < 0x80; top <<= 1) {
        bitLength--;
    }
    return {bytes: n.length, bits: bitLength, n: n, e: e};
}

/** A key's RFC 7638 thumbprint, computed only for tokens that carry a kid (Jamf's do not). */

/** A key's RFC 7638 thumbprint, computed only for tokens that carry a kid (Jamf's do not). */
async function thumbprint(key) {
    // RFC 7638: required members only, in lexicographic order, no whitespace.
    const jwk = '{"e":"' + key.e.toString('base64url') + '","kty":"RSA","n":"' + key.n.toString('base64url') + '"}';
    const digest = await crypto.subtle.digest('SHA-256', Buffer.from(jwk));
    return Buffer.from(digest).toString('base64url');
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \1-----/g;

/**
 * Every RSA public key in PEM text (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY blocks; several for
 * rotation), as {name, spki, modulusBytes, n, e}; `name` says where the text came from (a file, a
 * binding) in every message. Throws a misconfiguration for a private key, a weak or non-RSA key,
 * or text without a public key.
 */
function publicKeysInPem(text, name) {
    const keys = [];
    let match;
    PEM_BLOCK.lastIndex = 0;
    while ((match = PEM_BLOCK.exec(text)) !== null) {
        const type = match[1];
        if (type.indexOf('PRIVATE KEY') >= 0) {
            throw misconfiguration('content token key ' + name + ' holds a private key; the web server needs only '
                + 'the public key: openssl rsa -in jamf.pem -pubout -out public.pem, then remove the private key from the server');
        }
        if (type !== 'PUBLIC KEY' && type !== 'RSA PUBLIC KEY') {
            continue;
        }
        const der = Buffer.from(match[2].replace(/\s+/g, ''), 'base64');
        let spki;
        let modulus;
        try {
            spki = type === 'RSA PUBLIC KEY' ? spkiOfPkcs1(der) : der;
            modulus = rsaKeyOf(spki);
        } catch (e) {
            throw misconfiguration('content token key ' + name + ': ' + e.message
                + '; expected an RSA public key in PEM (BEGIN PUBLIC KEY), e.g. from openssl rsa -in jamf.pem -pubout');
        }
        if (modulus.bits < MIN_RSA_BITS) {
            throw misconfiguration('content token key ' + name + ': RSA key is ' + modulus.bits + ' bits; RS256 needs '
                + MIN_RSA_BITS + ' or more: generate a new key in Jamf Pro');
        }
        keys.push({name: name, spki: spki, modulusBytes: modulus.bytes, n: modulus.n, e: modulus.e});
    }
    if (keys.length === 0) {
        throw misconfiguration('content token key ' + name + ' holds no PEM public key (BEGIN PUBLIC KEY); derive one '
            + 'from Jamf\'s private key with openssl rsa -in jamf.pem -pubout -out public.pem');
    }
    return keys;
}

/* ---------------------------------------------------------------- the check */

/*
 * The check, in ContentTokenVerifier's order: cheap structure first, then the header, then the
 * signature, and the payload's JSON only once the signature is known to be good.
 */

/**
 * Throws a rejection unless `token` (percent-decoded) is a valid content token signed by one of
 * `keys`; returns its exp.
 */
async function check(token, keys, nowMillis) {
    if (token.length > MAX_TOKEN_LENGTH) {
        throw rejection('TOO_LONG', 'token is ' + token.length + ' chars, more than the maximum of ' + MAX_TOKEN_LENGTH);
    }
    const segments = token.split('.');
    if (segments.length !== 3) {
        throw rejection('MALFORMED', 'token has ' + segments.length + ' segment(s), not the 3 of a compact JWS (header.payload.signature)');
    }
    if (segments[0] === '') {
        throw rejection('MALFORMED', 'header segment is empty');
    }
    const header = jsonObjectOf(decodeSegment(segments[0], 'header'), 'header');
    const candidates = await keysFor(header, keys);
    decodeSegment(segments[1], 'payload');
    const signature = decodeSegment(segments[2], 'signature');

    // jwk, jku, x5u, x5c and every other header parameter are never read: only keys the server holds count.
    const signingInput = Buffer.from(segments[0] + '.' + segments[1]);
    let verified = false;
    for (let i = 0; i < candidates.length && !verified; i++) {
        // A PKCS#1 v1.5 signature is exactly as long as the modulus: other keys cannot match.
        if (signature.length !== candidates[i].modulusBytes) {
            continue;
        }
        let key;
        try {
            key = await crypto.subtle.importKey('spki', candidates[i].spki, {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}, false, ['verify']);
        } catch (e) {
            throw misconfiguration('content token key ' + candidates[i].name + ' could not be imported: ' + e.message);
        }
        try {
            verified = await crypto.subtle.verify({name: 'RSASSA-PKCS1-v1_5'}, key, signature, signingInput);
        } catch (e) {
            verified = false; // malformed padding and the like: a bad signature, not a server error
        }
    }
    if (!verified) {
        throw rejection('BAD_SIGNATURE', 'signature does not verify with ' + (candidates.length === 1 ? 'the accepted key'
            : 'any of the ' + candidates.length + ' accepted keys') + ' (altered, or signed with a key this server does not hold)');
    }

    const claims = jsonObjectOf(Buffer.from(segments[1], 'base64url'), 'signed payload');
    if (member(claims, 'exp') === null) {
        throw rejection('NO_EXPIRY', 'signed payload has no exp claim; Jamf Pro always sets one');
    }
    const exp = numericDate(claims, 'exp');
    const nbf = member(claims, 'nbf') === null ? null : numericDate(claims, 'nbf');
    const iat = member(claims, 'iat') === null ? null : numericDate(claims, 'iat');
    const iss = member(claims, 'iss');
    if (iss === null || iss.value !== ISSUER) {
        throw rejection('WRONG_ISSUER', 'iss is ' + describe(iss) + ', expected "' + ISSUER + '"');
    }
    const sub = member(claims, 'sub');
    if (sub === null || sub.value !== SUBJECT) {
        throw rejection('WRONG_SUBJECT', 'sub is ' + describe(sub) + ', expected "' + SUBJECT + '"');
    }
    const now = Math.floor(nowMillis / 1000);
    if (exp <= now - CLOCK_SKEW_SECONDS) {
        throw rejection('EXPIRED', 'exp was ' + (now - exp) + ' s ago (clock skew allowed ' + CLOCK_SKEW_SECONDS + ' s)');
    }
    if (nbf !== null && nbf > now + CLOCK_SKEW_SECONDS) {
        throw rejection('NOT_YET_VALID', 'nbf is ' + (nbf - now) + ' s in the future (clock skew allowed ' + CLOCK_SKEW_SECONDS + ' s)');
    }
    if (iat !== null && iat > now + CLOCK_SKEW_SECONDS) {
        throw rejection('NOT_YET_VALID', 'iat is ' + (iat - now) + ' s in the future (clock skew allowed ' + CLOCK_SKEW_SECONDS + ' s)');
    }
    if (exp > now + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
        throw rejection('LIFETIME_TOO_LONG', 'exp is ' + (exp - now) + ' s from now; Jamf Pro tokens live at most '
            + MAX_LIFETIME_SECONDS + ' s (+ ' + CLOCK_SKEW_SECONDS + ' s skew)');
    }
    return exp;
}

/** alg, crit, zip and kid; returns the keys the signature may be checked with. */
async function keysFor(header, keys) {
    const alg = member(header, 'alg');
    if (alg === null || alg.value !== 'RS256') {
        throw rejection('UNSUPPORTED_ALGORITHM', 'alg is ' + describe(alg) + '; only "RS256" is accepted');
    }
    const crit = member(header, 'crit');
    if (crit !== null) {
        if (crit.value === null || crit.value.kind !== 'array' || crit.value.elements.length === 0) {
            throw rejection('MALFORMED', 'crit is ' + (crit.value !== null && crit.value.kind === 'array' ? 'an empty array' : typeName(crit.value))
                + '; RFC 7515 requires a non-empty array');
        }
        throw rejection('UNSUPPORTED_CRITICAL_HEADER', 'crit lists ' + crit.value.elements.length + ' extension(s), none is supported');
    }
    if (member(header, 'zip') !== null) {
        throw rejection('MALFORMED', 'zip is present; nothing is ever decompressed');
    }
    const kid = member(header, 'kid');
    if (kid === null) {
        return keys;
    }
    if (typeof kid.value !== 'string') {
        throw rejection('MALFORMED', 'kid is ' + typeName(kid.value) + ', not a string');
    }
    // A kid selects among the keys the server holds, by RFC 7638 thumbprint; it is never a hint to ignore.
    let named = null;
    for (let i = 0; i < keys.length && named === null; i++) {
        const print = await thumbprint(keys[i]);
        if (print === kid.value) {
            named = keys[i];
        }
    }
    if (named === null) {
        throw rejection('UNKNOWN_KEY', 'kid ' + shown(kid.value) + ' is not the RFC 7638 thumbprint of an accepted key');
    }
    return [named];
}

/** An integer NumericDate within 64 bits (as jwt-core's long), else MALFORMED. */
function numericDate(claims, name) {
    const v = member(claims, name).value;
    if (!isInteger(v)) {
        throw rejection('MALFORMED', 'signed payload\'s ' + name + ' is ' + typeName(v) + ', not an integer NumericDate');
    }
    const negative = v.literal.charAt(0) === '-';
    const digits = negative ? v.literal.substring(1) : v.literal;
    const limit = negative ? '9223372036854775808' : '9223372036854775807';
    if (digits.length > 19 || (digits.length === 19 && digits > limit)) {
        throw rejection('MALFORMED', 'signed payload\'s ' + name + ' is an integer beyond 64 bits');
    }
    return v.value;
}

function describe(claim) {
    if (claim === null) {
        return 'absent';
    }
    return typeof claim.value === 'string' ? shown(claim.value) : typeName(claim.value);
}

/** header.payload.<redacted> for a token shaped like a JWS, otherwise only its length. */
function redacted(token) {
    const segments = token.split('.');
    if (segments.length === 3 && BASE64URL.test(segments[0]) && BASE64URL.test(segments[1])) {
        return segments[0] + '.' + segments[1] + '.<redacted>';
    }
    return '<redacted ' + token.length + ' chars>';
}


/* ---------------------------------------------------------------- a request */

/** The status of a refusal for `reason`, from STATUS_OF_REASON: 401 for a missing token, 403 for every other. */
function statusOf(reason) {
    return Object.prototype.hasOwnProperty.call(STATUS_OF_REASON, reason) ? STATUS_OF_REASON[reason] : 403;
}

/**
 * Checks the token query parameter of a request URI (path and raw query, as the client sent it)
 * against `keys` (from publicKeysInPem) at `nowMillis`. Returns {exp, token}; throws a rejection
 * ({reason, detail, token}: token is the percent-decoded token when one was found, for redacted()
 * only) or a misconfiguration ({misconfiguration, message}).
 */
async function checkRequest(requestUri, keys, nowMillis) {
    let token = '';
    try {
        const values = tokenParameters(requestUri);
        if (values.length > 1) {
            throw rejection('AMBIGUOUS', 'the token query parameter appears ' + values.length + ' times; send exactly one');
        }
        const raw = values.length === 1 ? values[0] : '';
        if (raw === '') {
            throw rejection('MISSING', 'no token query parameter; Jamf Pro adds ?token=... to every protected download URL');
        }
        // Bounded before decoding: a %XX escape decodes to at least one character.
        if (raw.length > 3 * MAX_TOKEN_LENGTH) {
            throw rejection('TOO_LONG', 'token parameter is ' + raw.length + ' chars, far more than the maximum of ' + MAX_TOKEN_LENGTH);
        }
        const decoded = percentDecoded(raw);
        if (decoded === null) {
            throw rejection('MALFORMED', 'the token parameter has an invalid percent-escape or is not UTF-8');
        }
        token = decoded;
        const exp = await check(token, keys, nowMillis);
        return {exp: exp, token: token};
    } catch (e) {
        if (e.reason) {
            e.token = token;
        }
        throw e;
    }
}

export default {
    CLOCK_SKEW_SECONDS, REASON_HEADER, MISCONFIGURED,
    publicKeysInPem, checkRequest, statusOf, stripTokenParameters, redacted, shown
};
