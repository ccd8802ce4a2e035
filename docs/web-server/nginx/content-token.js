/*
 * content-token.js: checks the Jamf Pro content token (the `token` query parameter) of every
 * request for protected content, with the same rules as jwt-core's ContentTokenVerifier.
 *
 * For nginx's JavaScript module, njs 0.7 or later (Debian 12: libnginx-mod-http-js, njs 0.7.9).
 * Used through auth_request (see content-token.conf): njs 0.7's js_set cannot wait for
 * crypto.subtle, so the check runs as the js_content of an internal location and answers
 * 204 (allow), 401 (no token), 403 (invalid token) or 500 (the recipe itself is misconfigured).
 *
 * Rules: token length bounded (4096 chars) before any decoding; exactly three segments of strict
 * base64url (alphabet only, no '=' padding, no whitespace, length % 4 != 1); header and payload
 * strict UTF-8 JSON objects with duplicate keys refused; alg exactly "RS256"; crit refused; keys
 * or key URLs inside the token (jwk, jku, x5u, x5c) never used; RS256 signature by one of the
 * PEM public keys named by $content_token_keys (rotation); exp required and an integer; 60 s
 * clock skew; exp - now at most 120 minutes + skew; iss "JSS"; sub "AppManifest"; nbf honoured.
 */
import fs from 'fs';

const MAX_TOKEN_LENGTH = 4096;
const CLOCK_SKEW_SECONDS = 60;
const MAX_LIFETIME_SECONDS = 120 * 60;
const MIN_RSA_BITS = 2048;
const MAX_JSON_DEPTH = 16;
const ISSUER = 'JSS';
const SUBJECT = 'AppManifest';
const REASON_HEADER = 'X-Content-Token-Reason';
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

/** Every raw value of the `token` query parameter in the client's request line. */
function tokenParameters(requestUri) {
    const values = [];
    const q = requestUri.indexOf('?');
    if (q < 0) {
        return values;
    }
    const params = requestUri.substring(q + 1).split('&');
    for (let i = 0; i < params.length; i++) {
        const p = params[i];
        const eq = p.indexOf('=');
        const name = eq < 0 ? p : p.substring(0, eq);
        if (name === 'token') {
            values.push(eq < 0 ? '' : p.substring(eq + 1));
        }
    }
    return values;
}

/*
 * Raw, not percent-decoded, on purpose: a Jamf token is pure base64url and dots, which never
 * need encoding, so a '%' can only belong to something that is not a valid token anyway and
 * the alphabet check refuses it.
 */

/** The query string of the client's request without any `token` parameter (for upstreams). */
function stripTokenParameters(requestUri) {
    const q = requestUri.indexOf('?');
    if (q < 0) {
        return requestUri;
    }
    const kept = requestUri.substring(q + 1).split('&').filter(function (p) {
        const eq = p.indexOf('=');
        return (eq < 0 ? p : p.substring(0, eq)) !== 'token';
    });
    const path = requestUri.substring(0, q);
    return kept.length === 0 ? path : path + '?' + kept.join('&');
}

/* ---------------------------------------------------------------- base64url and JSON */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment, name) {
    if (!BASE64URL.test(segment)) {
        throw rejection('MALFORMED', name + ' is not base64url (only A-Z a-z 0-9 - _, no padding, no whitespace)');
    }
    if (segment.length % 4 === 1) {
        throw rejection('MALFORMED', name + ' has an impossible base64url length (' + segment.length + ' chars)');
    }
    return Buffer.from(segment, 'base64url');
}

function decodeJsonSegment(segment, name) {
    const bytes = decodeSegment(segment, name);
    let text;
    try {
        // ignoreBOM keeps a leading U+FEFF, which the JSON reader then refuses, as RFC 8259 allows.
        text = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
    } catch (e) {
        throw rejection('MALFORMED', name + ' is not valid UTF-8');
    }
    let value;
    try {
        value = parseJson(text);
    } catch (e) {
        if (e.reason) {
            throw e;
        }
        throw rejection('MALFORMED', name + ' is not strict JSON: ' + e.message);
    }
    if (!isObject(value)) {
        throw rejection('MALFORMED', name + ' is not a JSON object');
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
        return {kind: 'number', integer: integer, value: Number(literal)};
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

/** Checks an SPKI is an RSA key and returns its modulus size in bytes and bits. */
function rsaModulusOf(spki) {
    const outer = derElement(spki, 0, 0x30, 'SubjectPublicKeyInfo');
    const algorithm = derElement(spki, outer.start, 0x30, 'AlgorithmIdentifier');
    const oid = derElement(spki, algorithm.start, 0x06, 'algorithm OID');
    if (Buffer.from(spki.slice(oid.start, oid.end)).toString('hex') !== RSA_ENCRYPTION_OID) {
        throw {message: 'not an RSA public key (RS256 needs RSA)'};
    }
    const bits = derElement(spki, algorithm.end, 0x03, 'public key BIT STRING');
    const rsaKey = derElement(spki, bits.start + 1, 0x30, 'RSAPublicKey');
    const modulus = derElement(spki, rsaKey.start, 0x02, 'modulus');
    let start = modulus.start;
    while (start < modulus.end && spki[start] === 0) {
        start++;
    }
    const bytes = modulus.end - start;
    let bitLength = bytes * 8;
    for (let top = spki[start]; bytes > 0 && top < 0x80; top <<= 1) {
        bitLength--;
    }
    return {bytes: bytes, bits: bitLength};
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \1-----/g;

/** Every RSA public key in one PEM file, as {file, spki, modulusBytes}. */
function keysInFile(file) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        throw misconfiguration('content token key file ' + file + ' cannot be read (' + e.message
            + '); fix the path in $content_token_keys or the file permissions (the nginx worker user must read it)');
    }
    const keys = [];
    let match;
    PEM_BLOCK.lastIndex = 0;
    while ((match = PEM_BLOCK.exec(text)) !== null) {
        const type = match[1];
        if (type.indexOf('PRIVATE KEY') >= 0) {
            throw misconfiguration('content token key file ' + file + ' holds a private key; the web server needs only '
                + 'the public key: openssl rsa -in ' + file + ' -pubout -out public.pem, then remove the private key from the server');
        }
        if (type !== 'PUBLIC KEY' && type !== 'RSA PUBLIC KEY') {
            continue;
        }
        const der = Buffer.from(match[2].replace(/\s+/g, ''), 'base64');
        let spki;
        let modulus;
        try {
            spki = type === 'RSA PUBLIC KEY' ? spkiOfPkcs1(der) : der;
            modulus = rsaModulusOf(spki);
        } catch (e) {
            throw misconfiguration('content token key file ' + file + ': ' + e.message
                + '; expected an RSA public key in PEM (BEGIN PUBLIC KEY), e.g. from openssl rsa -in jamf.pem -pubout');
        }
        if (modulus.bits < MIN_RSA_BITS) {
            throw misconfiguration('content token key file ' + file + ': RSA key is ' + modulus.bits + ' bits; RS256 needs '
                + MIN_RSA_BITS + ' or more: generate a new key in Jamf Pro');
        }
        keys.push({file: file, spki: spki, modulusBytes: modulus.bytes});
    }
    if (keys.length === 0) {
        throw misconfiguration('content token key file ' + file + ' holds no PEM public key (BEGIN PUBLIC KEY); derive one '
            + 'from Jamf\'s private key with openssl rsa -in jamf.pem -pubout -out ' + file);
    }
    return keys;
}

/**
 * The accepted keys: $content_token_keys lists files and directories separated by spaces; a
 * directory contributes every *.pem file in it. Read on every check (njs 0.7 keeps nothing
 * between requests), so a rotation takes effect without a reload.
 */
function acceptedKeys(r) {
    const setting = r.variables.content_token_keys;
    if (!setting || !setting.trim()) {
        throw misconfiguration('$content_token_keys is not set; declare it before including content-token.conf, '
            + 'e.g. js_var $content_token_keys /etc/nginx/content-token/;');
    }
    const keys = [];
    const entries = setting.trim().split(/\s+/);
    for (let i = 0; i < entries.length; i++) {
        const entry = entries[i];
        let isDirectory = false;
        try {
            isDirectory = fs.statSync(entry).isDirectory();
        } catch (e) {
            throw misconfiguration('content token key path ' + entry + ' from $content_token_keys does not exist or cannot be read ('
                + e.message + ')');
        }
        const files = isDirectory
            ? fs.readdirSync(entry).filter(function (n) { return /\.pem$/.test(n); }).sort()
                .map(function (n) { return entry.replace(/\/+$/, '') + '/' + n; })
            : [entry];
        for (let j = 0; j < files.length; j++) {
            const inFile = keysInFile(files[j]);
            for (let k = 0; k < inFile.length; k++) {
                keys.push(inFile[k]);
            }
        }
    }
    if (keys.length === 0) {
        throw misconfiguration('no *.pem public key found under $content_token_keys (' + setting + ')');
    }
    return keys;
}

/* ---------------------------------------------------------------- the check */

/** Throws a rejection unless `token` is a valid content token signed by one of `keys`. */
async function check(token, keys, nowMillis) {
    if (token.length > MAX_TOKEN_LENGTH) {
        throw rejection('TOO_LONG', 'token is ' + token.length + ' chars, more than the ' + MAX_TOKEN_LENGTH + ' allowed');
    }
    const segments = token.split('.');
    if (segments.length !== 3) {
        throw rejection('MALFORMED', 'token has ' + segments.length + ' dot-separated segments, a signed JWT has exactly 3');
    }
    const header = decodeJsonSegment(segments[0], 'header');
    const alg = member(header, 'alg');
    if (alg === null || alg.value !== 'RS256') {
        throw rejection('UNSUPPORTED_ALGORITHM', 'alg is ' + (alg === null ? 'absent'
            : typeof alg.value === 'string' ? shown(alg.value) : typeName(alg.value)) + '; only "RS256" is accepted');
    }
    if (member(header, 'crit') !== null) {
        throw rejection('UNSUPPORTED_CRITICAL_HEADER', 'header has a crit parameter; no critical extension is supported');
    }
    const claims = decodeJsonSegment(segments[1], 'payload');
    const signature = decodeSegment(segments[2], 'signature');

    // jwk, jku, x5u and x5c in the header are never read: only keys the server holds count.
    const signed = Buffer.from(segments[0] + '.' + segments[1]);
    let verified = false;
    for (let i = 0; i < keys.length && !verified; i++) {
        // A PKCS#1 v1.5 signature is exactly as long as the modulus: other keys cannot match.
        if (signature.length !== keys[i].modulusBytes) {
            continue;
        }
        let key;
        try {
            key = await crypto.subtle.importKey('spki', keys[i].spki, {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}, false, ['verify']);
        } catch (e) {
            throw misconfiguration('content token key file ' + keys[i].file + ' could not be imported: ' + e.message);
        }
        verified = await crypto.subtle.verify({name: 'RSASSA-PKCS1-v1_5'}, key, signature, signed);
    }
    if (!verified) {
        throw rejection('BAD_SIGNATURE', 'signature does not verify with any of the ' + keys.length + ' accepted public key(s)');
    }

    const iss = member(claims, 'iss');
    if (iss === null || iss.value !== ISSUER) {
        throw rejection('WRONG_ISSUER', 'iss is ' + describe(iss) + ', expected "' + ISSUER + '"');
    }
    const sub = member(claims, 'sub');
    if (sub === null || sub.value !== SUBJECT) {
        throw rejection('WRONG_SUBJECT', 'sub is ' + describe(sub) + ', expected "' + SUBJECT + '"');
    }
    const exp = member(claims, 'exp');
    if (exp === null) {
        throw rejection('NO_EXPIRY', 'token has no exp claim; Jamf Pro always sets one');
    }
    if (!isInteger(exp.value)) {
        throw rejection('MALFORMED', 'exp is ' + typeName(exp.value) + ', expected an integer (seconds since the epoch)');
    }
    const nbf = member(claims, 'nbf');
    if (nbf !== null && !isInteger(nbf.value)) {
        throw rejection('MALFORMED', 'nbf is ' + typeName(nbf.value) + ', expected an integer (seconds since the epoch)');
    }
    const expSeconds = exp.value.value;
    if (nowMillis > (expSeconds + CLOCK_SKEW_SECONDS) * 1000) {
        throw rejection('EXPIRED', 'exp ' + expSeconds + ' is ' + Math.floor(nowMillis / 1000 - expSeconds)
            + ' s ago, beyond the ' + CLOCK_SKEW_SECONDS + ' s clock skew');
    }
    if ((expSeconds - MAX_LIFETIME_SECONDS - CLOCK_SKEW_SECONDS) * 1000 > nowMillis) {
        throw rejection('LIFETIME_TOO_LONG', 'exp ' + expSeconds + ' is ' + Math.floor(expSeconds - nowMillis / 1000)
            + ' s ahead; Jamf Pro tokens live at most ' + MAX_LIFETIME_SECONDS / 60 + ' minutes (+ ' + CLOCK_SKEW_SECONDS + ' s skew)');
    }
    if (nbf !== null && (nbf.value.value - CLOCK_SKEW_SECONDS) * 1000 > nowMillis) {
        throw rejection('NOT_YET_VALID', 'nbf ' + nbf.value.value + ' is ' + Math.floor(nbf.value.value - nowMillis / 1000)
            + ' s ahead, beyond the ' + CLOCK_SKEW_SECONDS + ' s clock skew');
    }
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

/* ---------------------------------------------------------------- nginx entry points */

/** js_content of the internal auth_request location: 204 allow, 401 missing, 403 invalid, 500 misconfigured. */
async function verify(r) {
    const requestUri = r.variables.request_uri;
    const path = requestUri.split('?')[0];
    let token = '';
    try {
        const values = tokenParameters(requestUri);
        if (values.length > 1) {
            throw rejection('AMBIGUOUS', 'the token query parameter appears ' + values.length + ' times; send exactly one');
        }
        token = values.length === 1 ? values[0] : '';
        if (token === '') {
            throw rejection('MISSING', 'no token query parameter; Jamf Pro adds ?token=... to every protected download URL');
        }
        await check(token, acceptedKeys(r), Date.now());
        r.return(204);
    } catch (e) {
        if (e.reason) {
            const status = e.reason === 'MISSING' ? 401 : 403;
            // njs logs without nginx's "request: ..." context, so the full token never reaches this line.
            r.error('content token rejected (' + status + ' ' + e.reason + '): ' + e.detail + '; uri ' + shown(path)
                + '; client ' + r.remoteAddress + (token === '' ? '' : '; token ' + redacted(token)));
            r.headersOut[REASON_HEADER] = e.reason;
            r.return(status);
        } else {
            r.error('content token check failed, refusing every request until fixed (500): '
                + (e.misconfiguration ? e.message : 'internal error ' + e.message));
            r.return(500);
        }
    }
}

/** js_set: the client's path and query without any token parameter, for proxy_pass. */
function upstreamUri(r) {
    return stripTokenParameters(r.variables.request_uri);
}

export default {verify, upstreamUri};
