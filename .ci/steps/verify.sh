#!/usr/bin/env bash
# CI step: the README's test command, every test (needs the servers step's packages and root).
source "$(dirname "$0")/lib.sh"

# The *Debian13Test classes and the conformance matrix start servers with chroot from the Debian 13
# root (.ci/debian-root.sh prints it at once when the servers step made it).
JWT_IT_DEBIAN13_ROOT=${JWT_IT_DEBIAN13_ROOT:-$(.ci/debian-root.sh)}
export JWT_IT_DEBIAN13_ROOT

# The README's test command.
./mvnw -B verify
ci_done
