#!/usr/bin/env bash
# Builds the JMH benchmarks, runs them, and prints the table of ratios (ours / baseline).
#
#   benchmarks/run.sh                          # everything, with the README's settings
#   benchmarks/run.sh VerifyFreshToken         # only benchmarks matching a regex
#   benchmarks/run.sh -prof jfr:dir=benchmarks/target/jfr SignToken      # any other JMH option (java -jar benchmarks.jar -h)
#   FILE_SIZE_MIB=1024 benchmarks/run.sh ChunkHashes   # the issue's 1 GiB file
#   JMH_SETTINGS='-f 3 -wi 5 -w 5s -i 10 -r 5s' benchmarks/run.sh   # longer, steadier runs
#   ROUNDS=3 benchmarks/run.sh ChunkHashes     # 3 runs one after another, merged (median of all rounds)
#
# The raw JMH result is kept in benchmarks/target/jmh-result.json; reprint its table with
#   java -cp benchmarks/target/benchmarks.jar dev.securedcontent.jwt.benchmarks.RatioTable benchmarks/target/jmh-result.json
set -euo pipefail

cd "$(dirname "$0")/.."
JMH_SETTINGS=${JMH_SETTINGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}
FILE_SIZE_MIB=${FILE_SIZE_MIB:-256}
JAR=benchmarks/target/benchmarks.jar
RESULT=benchmarks/target/jmh-result.json
ROUNDS=${ROUNDS:-1}

./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "jdk:     $(java -version 2>&1 | head -1)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

results=()
for round in $(seq 1 "$ROUNDS"); do
    result=$RESULT
    if [ "$ROUNDS" -gt 1 ]; then
        result=${RESULT%.json}-$round.json
        echo "round $round of $ROUNDS"
    fi
    # shellcheck disable=SC2086 # JMH_SETTINGS is a list of options on purpose
    java -jar "$JAR" $JMH_SETTINGS -p fileSizeMiB="$FILE_SIZE_MIB" -rf json -rff "$result" "$@"
    results+=("$result")
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Reference for the chunk-hash rows: the coreutils tools over a file of the same size, page cache warm
# as in the benchmark. They hash the whole file once each; ours and the baseline hash per 10 MiB chunk.
reference_dir=$(mktemp -d)
trap 'rm -rf "$reference_dir"' EXIT
head -c "$((FILE_SIZE_MIB * 1048576))" /dev/urandom > "$reference_dir/content.pkg"
cat "$reference_dir/content.pkg" > /dev/null
millis() { local start; start=$(date +%s%N); "$@" > /dev/null; echo $(( ($(date +%s%N) - start) / 1000000 )); }
md5_ms=$(millis md5sum "$reference_dir/content.pkg")
sha_ms=$(millis sha256sum "$reference_dir/content.pkg")
awk -v mib="$FILE_SIZE_MIB" -v md5="$md5_ms" -v sha="$sha_ms" 'BEGIN {
    mb = mib * 1048576 / 1e6
    printf "reference (%d MiB file): md5sum %.2f s, sha256sum %.2f s, both one after the other %.0f MB/s\n",
        mib, md5 / 1000, sha / 1000, mb * 1000 / (md5 + sha)
}'

echo
java -cp "$JAR" dev.securedcontent.jwt.benchmarks.RatioTable "${results[@]}"
