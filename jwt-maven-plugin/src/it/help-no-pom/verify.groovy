// Every goal is listed; the detailed help of jwt:sign names its parameters and user properties.
def log = new File(basedir, 'build.log').text
['jwt:audit', 'jwt:help', 'jwt:keygen', 'jwt:serve', 'jwt:sign', 'jwt:verify'].each {
    assert log.contains(it) : "build.log lacks ${it}"
}
assert log.contains('chunkSize')
assert log.contains('User property: jwt.chunkSize')
