/*
 * The handler on Lambda@Edge's documented viewer-request event shape (AWS: "Lambda@Edge event
 * structure", viewer request example): node --test test/ (Node.js 20 or later).
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {generateKeyPairSync, sign} from 'node:crypto';
import {contentTokenHandler} from '../index.js';

const {publicKey, privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
const publicPem = publicKey.export({type: 'spki', format: 'pem'});
const handler = contentTokenHandler(publicPem, 'test key');

function base64url(json) {
    return Buffer.from(JSON.stringify(json)).toString('base64url');
}

function token(claims, key = privateKey) {
    const input = base64url({alg: 'RS256'}) + '.' + base64url(claims);
    return input + '.' + sign('sha256', Buffer.from(input), key).toString('base64url');
}

function jamfToken(expSecondsFromNow = 300) {
    return token({sub: 'AppManifest', iss: 'JSS', exp: Math.floor(Date.now() / 1000) + expSecondsFromNow});
}

/** AWS's example viewer-request event, with this request's method, URI and query string. */
function event(method, uri, querystring) {
    return {
        Records: [{
            cf: {
                config: {
                    distributionDomainName: 'd111111abcdef8.cloudfront.net',
                    distributionId: 'EDFDVBD6EXAMPLE',
                    eventType: 'viewer-request',
                    requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ=='
                },
                request: {
                    clientIp: '203.0.113.178',
                    headers: {
                        host: [{key: 'Host', value: 'd111111abcdef8.cloudfront.net'}],
                        'user-agent': [{key: 'User-Agent', value: 'curl/7.66.0'}],
                        accept: [{key: 'accept', value: '*/*'}]
                    },
                    method: method,
                    querystring: querystring,
                    uri: uri
                }
            }
        }]
    };
}

function reason(response) {
    return response.headers['x-content-token-reason'][0].value;
}

/** console.log and console.error lines written while `action` runs. */
async function logged(action) {
    const lines = [];
    const log = console.log;
    const error = console.error;
    console.log = console.error = (line) => lines.push(String(line));
    try {
        return {result: await action(), lines: lines};
    } finally {
        console.log = log;
        console.error = error;
    }
}

test('a valid token continues to the origin without the token, other parameters kept', async () => {
    const result = await handler(event('GET', '/apps/App.pkg', 'a=1&token=' + jamfToken() + '&b=2'));

    assert.equal(result.uri, '/apps/App.pkg');
    assert.equal(result.querystring, 'a=1&b=2');
    assert.equal(result.status, undefined);
});

test('HEAD and Range requests are checked like GET', async () => {
    const head = await handler(event('HEAD', '/apps/App.pkg', ''));
    const ranged = event('GET', '/apps/App.pkg', 'token=' + jamfToken());
    ranged.Records[0].cf.request.headers.range = [{key: 'Range', value: 'bytes=0-1023'}];

    assert.equal(head.status, '401');
    assert.equal((await handler(ranged)).querystring, '');
});

test('no token is 401 MISSING, an invalid one 403 with its reason', async () => {
    const missing = await handler(event('GET', '/apps/App.pkg', 'a=1'));
    const expired = await handler(event('GET', '/apps/App.pkg', 'token=' + jamfToken(-3600)));
    const wrongKey = await handler(event('GET', '/apps/App.pkg', 'token='
        + token({sub: 'AppManifest', iss: 'JSS', exp: Math.floor(Date.now() / 1000) + 60},
            generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey)));

    assert.deepEqual([missing.status, reason(missing)], ['401', 'MISSING']);
    assert.deepEqual([expired.status, reason(expired)], ['403', 'EXPIRED']);
    assert.deepEqual([wrongKey.status, reason(wrongKey)], ['403', 'BAD_SIGNATURE']);
    assert.equal(missing.headers['cache-control'][0].value, 'no-store');
});

test('a refusal is logged with reason and path, the token only as header.payload.<redacted>', async () => {
    const expired = jamfToken(-3600);

    const {result, lines} = await logged(() => handler(event('GET', '/apps/App.pkg', 'token=' + expired)));

    assert.equal(result.status, '403');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^content token rejected \(403 EXPIRED\): .*; uri "\/apps\/App\.pkg"; client 203\.0\.113\.178; token /);
    assert.ok(lines[0].endsWith(expired.substring(0, expired.lastIndexOf('.')) + '.<redacted>'));
    assert.ok(!lines[0].includes(expired.substring(expired.lastIndexOf('.') + 1)));
});

test('both keys of a rotation are accepted', async () => {
    const next = generateKeyPairSync('rsa', {modulusLength: 2048});
    const rotating = contentTokenHandler(publicPem + next.publicKey.export({type: 'spki', format: 'pem'}), 'test keys');
    const claims = {sub: 'AppManifest', iss: 'JSS', exp: Math.floor(Date.now() / 1000) + 300};

    assert.equal((await rotating(event('GET', '/a.pkg', 'token=' + token(claims)))).uri, '/a.pkg');
    assert.equal((await rotating(event('GET', '/a.pkg', 'token=' + token(claims, next.privateKey)))).uri, '/a.pkg');
});

test('a missing or private key file refuses every request with 500 and says how to fix it', async () => {
    const missing = await logged(() => contentTokenHandler(null, 'file jamf-public-key.pem')(event('GET', '/a.pkg', 'token=' + jamfToken())));
    const privatePem = privateKey.export({type: 'pkcs8', format: 'pem'});
    const withPrivate = await logged(() => contentTokenHandler(privatePem, 'file jamf-public-key.pem')(event('GET', '/a.pkg', 'token=' + jamfToken())));

    assert.deepEqual([missing.result.status, reason(missing.result)], ['500', 'MISCONFIGURED']);
    assert.match(missing.lines[0], /jamf-public-key\.pem is missing from the deployment package/);
    assert.deepEqual([withPrivate.result.status, reason(withPrivate.result)], ['500', 'MISCONFIGURED']);
    assert.match(withPrivate.lines[0], /holds a private key; .*-pubout/);
    assert.ok(!withPrivate.lines[0].includes('PRIVATE KEY-----'));
});
