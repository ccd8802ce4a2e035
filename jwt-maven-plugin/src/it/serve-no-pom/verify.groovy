// Run 1 served content/ (relative to the working directory) with the token check on, then stopped;
// run 2 named the missing directory.
def log = new File(basedir, 'build.log').text
def content = new File(basedir, 'content').canonicalPath
assert log.contains('jwt:serve: serving ' + content + ' at http://127.0.0.1:') : 'build.log lacks the served directory'
assert log.contains('(token check on')
assert log.contains('jwt:serve stopped')
assert log.contains(new File(basedir, 'no-such-content').canonicalPath + ' is not a directory.')
