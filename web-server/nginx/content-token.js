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

/* content-token-http.conf's state directory: the verdict cache and the verifier socket. */
const STATE_DIR_VARIABLE = 'content_token_state_dir';
const CACHE_SUBDIRECTORY = 'verdicts';
const SOCKET_FILE = 'verifier.sock';
const STATE_FIX = 'stop nginx, delete the directory with everything in it, create it again for the nginx worker user '
    + 'with mode 0700 in a parent only root can write (systemd-tmpfiles --create /etc/tmpfiles.d/nginx-content-token.conf, '
    + 'see the recipe README.md, "State directory"), and start nginx';

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

function octal(mode) {
    return '0' + (mode & 0o7777).toString(8);
}

/**
 * Why the state directory cannot be trusted, or null when only root and the nginx worker user can
 * write it. Whoever can write the verdict cache can grant downloads without a token, whoever can
 * reach the verifier socket can ask for checks with keys of their own, and a directory that
 * existed before nginx started keeps its owner and mode (nginx only hands its verdicts/ to the
 * worker user). The worker user is the owner nginx gave verdicts/ at its start.
 * Every request (js_set, before the verdict cache is looked at; njs 0.7 keeps nothing between
 * requests) runs the quick part: three lstat calls, about 2 us (3 us with the njs call). The verifier, on every check the
 * cache does not answer, runs it all ({@code full}): also symbolic links anywhere on the path,
 * every directory above it, and the worker's own uid.
 */
function stateProblemOf(dir, full) {
    if (!dir || dir.charAt(0) !== '/' || /\/$/.test(dir)) {
        return '$' + STATE_DIR_VARIABLE + ' (' + dir + ') is not an absolute path without a trailing /; set it in content-token-http.conf';
    }
    const parentPath = dir.substring(0, dir.lastIndexOf('/')) || '/';
    let state;
    let cache;
    let parent;
    try {
        state = fs.lstatSync(dir);
        parent = fs.lstatSync(parentPath);
        if (!state.isSymbolicLink() && state.isDirectory()) {
            cache = fs.lstatSync(dir + '/' + CACHE_SUBDIRECTORY);
        }
    } catch (e) {
        return dir + ' or its ' + CACHE_SUBDIRECTORY + '/ cannot be read (' + e.message + ')';
    }
    if (state.isSymbolicLink() || !state.isDirectory()) {
        return dir + ' is ' + (state.isSymbolicLink() ? 'a symbolic link' : 'not a directory');
    }
    if (cache.isSymbolicLink() || !cache.isDirectory()) {
        return dir + '/' + CACHE_SUBDIRECTORY + ' is ' + (cache.isSymbolicLink() ? 'a symbolic link' : 'not a directory');
    }
    if ((state.mode & 0o077) !== 0 || (cache.mode & 0o077) !== 0) {
        return dir + ' (mode ' + octal(state.mode) + ') or its ' + CACHE_SUBDIRECTORY + '/ (mode ' + octal(cache.mode)
            + ') is open to other users; both must be mode 0700';
    }
    const worker = cache.uid;
    if (state.uid !== worker) {
        return dir + ' is owned by uid ' + state.uid + ', not by the nginx worker user (uid ' + worker + ')';
    }
    // A parent another user can write lets them rename the directory away and put their own in its place.
    if ((parent.mode & 0o022) !== 0 || (parent.uid !== 0 && parent.uid !== worker)) {
        return 'its parent ' + parentPath + ' (mode ' + octal(parent.mode) + ', uid ' + parent.uid
            + ') can be written by users other than root and the nginx worker user (uid ' + worker + ')';
    }
    return full ? fullStateProblemOf(dir, worker) : null;
}

/** The rest of {@link stateProblemOf}'s checks, for the verifier: a few more system calls. */
function fullStateProblemOf(dir, worker) {
    let own;
    let real;
    try {
        own = /\nUid:\s+\d+\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
        real = fs.realpathSync(dir);
    } catch (e) {
        return dir + ' cannot be resolved, or this worker\'s uid read (' + e.message + ')';
    }
    if (own && Number(own[1]) !== worker) {
        return dir + '/' + CACHE_SUBDIRECTORY + ' is owned by uid ' + worker + ', not by the nginx worker user (uid ' + own[1] + ')';
    }
    if (real !== dir) {
        return dir + ' lies under a symbolic link (it is ' + real + '); name the real path in content-token-http.conf';
    }
    // Above the parent, a sticky directory (/tmp) is safe when the entry below it is root's or
    // the worker user's, since no one else can rename that entry.
    let child = fs.lstatSync(dir.substring(0, dir.lastIndexOf('/')) || '/');
    let path = dir.substring(0, dir.lastIndexOf('/'));
    while (path !== '') {
        path = path.substring(0, path.lastIndexOf('/'));
        const above = path === '' ? '/' : path;
        let entry;
        try {
            entry = fs.lstatSync(above);
        } catch (e) {
            return 'the directory ' + above + ' above ' + dir + ' cannot be read (' + e.message + ')';
        }
        const stickyAndSafe = (entry.mode & 0o1000) !== 0 && (child.uid === 0 || child.uid === worker);
        if ((entry.uid !== 0 && entry.uid !== worker) || ((entry.mode & 0o022) !== 0 && !stickyAndSafe)) {
            return 'the directory ' + above + ' above ' + dir + ' (mode ' + octal(entry.mode) + ', uid ' + entry.uid
                + ') can be written by users other than root and the nginx worker user (uid ' + worker + ')';
        }
        child = entry;
    }
    return null;
}

/** Logs why the state directory cannot be trusted, or returns false when it can. */
function refusedForState(r, full) {
    const problem = stateProblemOf(r.variables[STATE_DIR_VARIABLE], full);
    if (problem === null) {
        return false;
    }
    r.error('content token check failed, refusing every request until fixed (500): unsafe state directory: '
        + problem + '; ' + STATE_FIX);
    return true;
}

/* ---------------------------------------------------------------- nginx entry points */

/**
 * js_set $content_token_state_problem: empty while the state directory is the worker user's
 * alone, otherwise MISCONFIGURED (after an error-log line saying why and what to do).
 * content-token.conf refuses with it before the verdict cache is looked at.
 */
function stateProblem(r) {
    return refusedForState(r, false) ? rules.MISCONFIGURED : '';
}

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
    const stateDir = r.variables[STATE_DIR_VARIABLE];
    if (r.variables.server_addr !== 'unix:' + stateDir + '/' + SOCKET_FILE) {
        // Another socket would let other users ask for checks with keys of their own.
        r.error('content token check failed, refusing every request until fixed (500): the verifier server listens on '
            + r.variables.server_addr + '; it must listen on unix:' + stateDir + '/' + SOCKET_FILE
            + ', in the state directory (content-token-http.conf)');
        r.headersOut[rules.REASON_HEADER] = rules.MISCONFIGURED;
        r.return(403);
        return;
    }
    if (refusedForState(r, true)) {
        r.headersOut[rules.REASON_HEADER] = rules.MISCONFIGURED;
        r.return(403);
        return;
    }
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

export default {verify, stateProblem, upstreamUri};
