/*
 * The Lambda@Edge handler's verdict on many requests at once, for LambdaEdgeParityTest:
 *   node lambda-edge-verdicts.mjs web-server/lambda-edge/index.js KEYS.pem REQUESTS.txt VERDICTS.txt
 * REQUESTS.txt: one request URI (path and raw query) per line. VERDICTS.txt: per line, "200" when
 * the request continues to the origin, else the status and X-Content-Token-Reason.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {pathToFileURL} from 'node:url';

const [handlerFile, keysFile, requestsFile, verdictsFile] = process.argv.slice(2);
const {contentTokenHandler} = await import(pathToFileURL(handlerFile).href);
const handler = contentTokenHandler(readFileSync(keysFile, 'utf8'), 'file ' + keysFile);
console.log = () => {}; // the refusal lines are tested in web-server/lambda-edge/test/
const verdicts = [];
for (const line of readFileSync(requestsFile, 'utf8').split('\n').filter((l) => l !== '')) {
    const q = line.indexOf('?');
    const request = {
        clientIp: '203.0.113.178',
        headers: {host: [{key: 'Host', value: 'd111111abcdef8.cloudfront.net'}]},
        method: 'GET',
        querystring: q < 0 ? '' : line.substring(q + 1),
        uri: q < 0 ? line : line.substring(0, q)
    };
    const result = await handler({Records: [{cf: {request: request}}]});
    verdicts.push(result.status === undefined ? '200' : result.status + ' ' + result.headers['x-content-token-reason'][0].value);
}
writeFileSync(verdictsFile, verdicts.join('\n') + '\n');
