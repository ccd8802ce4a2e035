/*
 * content-token-worker.js: a Cloudflare Worker in front of the content origin that passes on
 * only requests whose Jamf Pro content token (the `token` query parameter) is valid, by the rules
 * of content-token-rules.js (the same file as the nginx and Lambda@Edge recipes use).
 *
 * 401 without a token, 403 with an invalid one (reason in X-Content-Token-Reason), 500 when the
 * key binding is missing or unusable. An accepted request goes to the origin without its token.
 * Needs the nodejs_compat compatibility flag (Buffer).
 *
 * Binding: JAMF_PUBLIC_KEY, a secret (or text) holding the PEM public key(s); several
 * BEGIN PUBLIC KEY blocks while a key is being rotated.
 */
import rules from './content-token-rules.js';

/* The keys, parsed once per isolate and again only when the binding's text changes. */
let cachedPem = null;
let cachedKeys = null;

function keysOf(env) {
    const pem = env.JAMF_PUBLIC_KEY;
    if (typeof pem !== 'string' || pem.trim() === '') {
        throw {misconfiguration: true, message: 'the JAMF_PUBLIC_KEY binding is not set; add it with '
            + 'wrangler secret put JAMF_PUBLIC_KEY < public.pem'};
    }
    if (pem !== cachedPem) {
        cachedKeys = rules.publicKeysInPem(pem, 'binding JAMF_PUBLIC_KEY');
        cachedPem = pem;
    }
    return cachedKeys;
}

function refusal(status, reason) {
    return new Response(status === 500 ? 'content token check misconfigured\n' : 'content token ' + reason + '\n', {
        status: status,
        headers: {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', [rules.REASON_HEADER]: reason}
    });
}

export default {
    async fetch(request, env) {
        const url = new URL(request.url);
        try {
            await rules.checkRequest(url.pathname + url.search, keysOf(env), Date.now());
        } catch (e) {
            if (e.reason) {
                const status = rules.statusOf(e.reason);
                // The path only, never the query; the token as header.payload.<redacted> at most.
                console.log('content token rejected (' + status + ' ' + e.reason + '): ' + e.detail + '; uri '
                    + rules.shown(url.pathname) + (e.token ? '; token ' + rules.redacted(e.token) : ''));
                return refusal(status, e.reason);
            }
            console.error('content token check failed, refusing every request until fixed (500): '
                + (e.misconfiguration ? e.message : 'internal error ' + e.message));
            return refusal(500, rules.MISCONFIGURED);
        }
        const upstream = new URL(url.origin + rules.stripTokenParameters(url.pathname + url.search));
        return fetch(new Request(upstream, request));
    }
};
