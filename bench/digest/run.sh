#!/bin/sh
# Times a weekly digest on 1,000,000 messages in an HSQLDB file database (seeded on the first run,
# reused after). Usage: bench/digest/run.sh [data folder] [messages] [days]
# Needs the compiled classes: run `mvn -q compile` (or any build) first.
set -e
cd "$(dirname "$0")/../.."
build=${SB_BUILD_DIR:-target}
mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile="$build/bench-classpath.txt" -Dsb.build.dir="$build" >/dev/null
exec java -Xmx1g -Djava.awt.headless=true -cp "$build/classes:$(cat "$build/bench-classpath.txt")" \
  bench/digest/DigestBenchmark.java "${1:-$build/bench-digest}" "${2:-1000000}" "${3:-180}"
