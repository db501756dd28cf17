#!/bin/sh
# Switchboard's performance suite: prints a table of figures beside their baselines and targets.
# Usage: bench/run.sh [footprint] [nlp] [steps] [ingest] [latency] [outbound] [inbox] [restart]   (default: all but restart)
# Builds the project's main and test classes, compiles bench/suite (with bench/nlp/TagBench) against
# them and runs it. Work files go to $SB_BUILD_DIR/bench (default target/bench); the inbox database
# of 1,000,000 messages is seeded on the first run and reused after. See bench/README.md.
set -e
cd "$(dirname "$0")/.."
build=${SB_BUILD_DIR:-target}
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile="$build/bench-test-classpath.txt" \
  -Dsb.build.dir="$build" >/dev/null
case " $* " in
  *" restart "*) mvn -q -B -ntp package -DskipTests -Dsb.build.dir="$build" >/dev/null ;; # the packaged daemon
esac
cp="$build/classes:$build/test-classes:$(cat "$build/bench-test-classpath.txt")"
rm -rf "$build/bench-classes"
javac -nowarn -d "$build/bench-classes" -cp "$cp" bench/suite/*.java bench/nlp/TagBench.java
mkdir -p "$build/bench"
exec java ${SB_BENCH_JAVA_OPTS:-} ${SB_BENCH_PG_STATEMENTS:+-Dswitchboard.pgPreload=pg_stat_statements} -Xmx2g -Djava.awt.headless=true -Dbench.dir="$build/bench" -Dbench.jar="$build/switchboard.jar" \
  -Dlogback.configurationFile=bench/suite/logback.xml -Dbench.log="$build/bench/bench.log" \
  -cp "$build/bench-classes:$cp" BenchSuite "$@"
