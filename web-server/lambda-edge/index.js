/*
 * index.js: a Lambda@Edge viewer-request handler (Node.js 20 or 22) that passes on only requests
 * whose Jamf Pro content token (the `token` query parameter) is valid, by the rules of
 * content-token-rules.js (the same file as the nginx and Cloudflare Worker recipes use).
 *
 * 401 without a token, 403 with an invalid one (reason in X-Content-Token-Reason), 500 when the
 * bundled key file is missing or unusable. An accepted request continues to the cache and origin
 * without its token.
 *
 * The key: Lambda@Edge has no environment variables, so the public key(s) ship in the deployment
 * package as jamf-public-key.pem, next to this file (several PEM blocks while rotating).
 */
import {readFileSync} from 'node:fs';
import rules from './content-token-rules.js';

const KEY_FILE = 'jamf-public-key.pem';

/**
 * A viewer-request handler accepting the public keys in `pem` (null: the key file is missing);
 * `source` names where they came from in messages.
 */
export function contentTokenHandler(pem, source) {
    let keys = null;
    let problem = null;
    try {
        if (pem === null) {
            throw {misconfiguration: true, message: 'content token key ' + source + ' is missing from the deployment package; '
                + 'put the public key there (openssl rsa -in jamf.pem -pubout -out ' + KEY_FILE + ') and deploy again'};
        }
        keys = rules.publicKeysInPem(pem, source);
    } catch (e) {
        problem = e.misconfiguration ? e.message : 'internal error ' + e.message;
    }
    return async function handler(event) {
        const request = event.Records[0].cf.request;
        const query = request.querystring || '';
        try {
            if (problem !== null) {
                throw {misconfiguration: true, message: problem};
            }
            await rules.checkRequest(request.uri + (query === '' ? '' : '?' + query), keys, Date.now());
        } catch (e) {
            if (e.reason) {
                const status = rules.statusOf(e.reason);
                // The path only, never the query; the token as header.payload.<redacted> at most.
                console.log('content token rejected (' + status + ' ' + e.reason + '): ' + e.detail + '; uri '
                    + rules.shown(request.uri) + '; client ' + (request.clientIp || '-')
                    + (e.token ? '; token ' + rules.redacted(e.token) : ''));
                return refusal(status, e.reason);
            }
            console.error('content token check failed, refusing every request until fixed (500): '
                + (e.misconfiguration ? e.message : 'internal error ' + e.message));
            return refusal(500, rules.MISCONFIGURED);
        }
        const kept = rules.stripTokenParameters('?' + query).substring(1);
        request.querystring = kept;
        return request;
    };
}

function refusal(status, reason) {
    const descriptions = {401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal Server Error'};
    return {
        status: String(status),
        statusDescription: descriptions[status],
        headers: {
            'content-type': [{key: 'Content-Type', value: 'text/plain; charset=utf-8'}],
            'cache-control': [{key: 'Cache-Control', value: 'no-store'}],
            'x-content-token-reason': [{key: rules.REASON_HEADER, value: reason}]
        },
        body: status === 500 ? 'content token check misconfigured\n' : 'content token ' + reason + '\n'
    };
}

function bundledKeys() {
    try {
        return readFileSync(new URL(KEY_FILE, import.meta.url), 'utf8');
    } catch (e) {
        return null;
    }
}

/** The handler Lambda@Edge calls (index.handler): the keys of jamf-public-key.pem in the package. */
export const handler = contentTokenHandler(bundledKeys(), 'file ' + KEY_FILE);
