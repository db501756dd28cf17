#!/bin/sh
# The crash acceptance run of issue 18 (ADR 0030, 0046): the packaged daemon reads 10,000 mails from
# GreenMail and is killed with SIGKILL ten times at random moments, twice: WorkflowCrashIT (a team
# of three agents: every message stored once, every conversation one routing decision and one set
# of SLA clocks, every workflow event handled, none twice in effect) and EmailCrashIT (every
# Message-ID stored once, the search index complete). CI runs the same two tests on 1,000 mails (ADR 0067).
# Usage: bench/crash.sh [mails] [kills]   (default 10000 10). Takes about 15 minutes: the two run side by side.
set -e
cd "$(dirname "$0")/.."
build=${SB_BUILD_DIR:-target}
mails=${1:-10000}
kills=${2:-10}
mvn -B -ntp verify -Dsb.build.dir="$build" -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='WorkflowCrashIT,EmailCrashIT' -Dcrash.mails="$mails" -Dcrash.kills="$kills"
grep -h 'crash test:' "$build"/failsafe-reports/*CrashIT-output.txt 2>/dev/null || true
sed -n 's/^<testsuite .*name="\([^"]*\)" time="\([0-9.]*\)".*/\1: \2 s/p' "$build"/failsafe-reports/TEST-*CrashIT.xml
