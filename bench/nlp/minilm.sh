#!/bin/sh
# Does a MiniLM sentence-vector classifier earn a place beside the n-gram sentiment model?
# Five held-out folds of the training pool, the customer-service set out-of-fold, TweetEval for
# reporting (io.switchboard.nlp.MiniLmHeldOut, ADR 0034). The first run embeds 65,000 texts (6 min
# at 184/s on 2 idle cores, 35 min on a loaded machine; cached in $SB_BUILD_DIR/minilm), then each
# fold trains an n-gram model (8-11 min at load average 35). --service-only trains none (minutes).
# Usage: bench/nlp/minilm.sh [FOLD[,FOLD...]] [--max-english N] | --service-only   (SHARED_DATA, default ../shared/data)
set -e
cd "$(dirname "$0")/../.."
build=${SB_BUILD_DIR:-target}
data=${SHARED_DATA:-../shared/data}
if [ ! -d "$data/sentiment" ]; then
  echo "minilm: no shared data at $data (set SHARED_DATA)" >&2
  exit 2
fi
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile="$build/minilm-classpath.txt" \
  -Dsb.build.dir="$build" >/dev/null
exec java -Xmx6g -Dminilm.cache="$build/minilm/vectors.bin" \
  -Dlogback.configurationFile=bench/suite/logback.xml -Dbench.log="$build/minilm/minilm.log" \
  -cp "$build/classes:$build/test-classes:$(cat "$build/minilm-classpath.txt")" \
  io.switchboard.nlp.MiniLmHeldOut "$data" "$@"
