/*
 * content-token.js: checks the Jamf Pro content token (the `token` query parameter) of every
 * request for protected content, with the rules of content-token-rules.js (the same as jwt-core's
 * ContentTokenVerifier, shared with the Cloudflare Worker and Lambda@Edge recipes).
 *
 * For nginx's JavaScript module, njs 0.7 or later (Debian 12: libnginx-mod-http-js, njs 0.7.9).
 * js_path must name the directory holding both files.
 * Used through auth_request (see content-token.conf): njs 0.7's js_set cannot wait for
 * crypto.subtle, so the check runs as the js_content of a verifier server that the protected
 * server's auth_request location reaches through nginx's proxy cache (content-token-http.conf),
 * which remembers each allow until the token expires; the check answers
 * 204 (allow), 401 (no token) or 403 (invalid token, or, with reason MISCONFIGURED, the recipe
 * itself is misconfigured: content-token.conf turns that into 500).
 */
import fs from 'fs';
import rules from 'content-token-rules.js';

/* What content-token.conf's /_content_token location sends the verifier server. */
const URI_HEADER = 'X-Content-Token-Uri';
const KEYS_HEADER = 'X-Content-Token-Keys';
const CLIENT_HEADER = 'X-Content-Token-Client';

/* Failures are plain objects, not Errors (see content-token-rules.js). */
function misconfiguration(detail) {
    return {misconfiguration: true, message: detail};
}

/** Every RSA public key in one PEM file. */
function keysInFile(file) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        throw misconfiguration('content token key file ' + file + ' cannot be read (' + e.message
            + '); fix the path in $content_token_keys or the file permissions (the nginx worker user must read it)');
    }
    return rules.publicKeysInPem(text, 'file ' + file);
}

/**
 * The accepted keys: the server's $content_token_keys lists files and directories separated by
 * spaces; a directory contributes every *.pem file in it. Read on every check that the verdict
 * cache does not answer (njs 0.7 keeps nothing between requests), so an added key counts at once.
 */
function acceptedKeys(setting) {
    if (!setting || !setting.trim()) {
        throw misconfiguration('$content_token_keys is not set for this server; set it in the server block, '
            + 'e.g. set $content_token_keys /etc/nginx/content-token/keys/;');
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

/* ---------------------------------------------------------------- nginx entry points */

/**
 * js_content of the verifier server (content-token-http.conf), asked by a protected server's
 * /_content_token location with the client's request URI, the server's key setting and the
 * client's address in headers: 204 allow, 401 missing, 403 invalid (reason MISCONFIGURED: the
 * recipe itself is wrong). An allow says until when it holds, for the verdict cache.
 */
async function verify(r) {
    const requestUri = r.headersIn[URI_HEADER] || '';
    const client = r.headersIn[CLIENT_HEADER] || '-';
    const path = requestUri.split('?')[0];
    try {
        const verdict = await rules.checkRequest(requestUri, acceptedKeys(r.headersIn[KEYS_HEADER]), Date.now());
        // Cacheable up to the last second in which a fresh check would still accept the token:
        // the check refuses from exp + skew on, and nginx serves a cached entry while now <= this.
        r.headersOut['X-Accel-Expires'] = '@' + (verdict.exp + rules.CLOCK_SKEW_SECONDS - 1);
        r.return(204);
    } catch (e) {
        if (e.reason) {
            const status = rules.statusOf(e.reason);
            // njs logs without nginx's "request: ..." context, so the full token never reaches this line.
            r.error('content token rejected (' + status + ' ' + e.reason + '): ' + e.detail + '; uri ' + rules.shown(path)
                + '; client ' + client + (e.token ? '; token ' + rules.redacted(e.token) : ''));
            r.headersOut[rules.REASON_HEADER] = e.reason;
            r.return(status);
        } else {
            r.error('content token check failed, refusing every request until fixed (500): '
                + (e.misconfiguration ? e.message : 'internal error ' + e.message));
            // auth_request logs any status but 2xx, 401 and 403 with nginx's request line, whole
            // token included: refuse with 403 and let content-token.conf's error_page answer 500.
            r.headersOut[rules.REASON_HEADER] = rules.MISCONFIGURED;
            r.return(403);
        }
    }
}

/** js_set: the client's path and query without any token parameter, for proxy_pass. */
function upstreamUri(r) {
    return rules.stripTokenParameters(r.variables.request_uri);
}

export default {verify, upstreamUri};
