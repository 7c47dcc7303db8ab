#!/usr/bin/env bash
# Bad-input fuzzing of every public endpoint at benchmark size (issue #8): the e2e FuzzIT with 10,000 cases per
# operation, then its per-operation table. FuzzIT starts the stack and always takes it down again, so run this
# under the stack lock:
#
#   usage: flock /tmp/promptpay-stack.lock bench/fuzz.sh
#          CASES=2000 SEED=-42 CONCURRENCY=4 flock /tmp/promptpay-stack.lock bench/fuzz.sh
set -euo pipefail
. "$(dirname "$0")/stack.sh"
cases=${CASES:-10000}
# A build directory of its own: a build of the e2e module on this checkout during the run would otherwise
# delete the classes the run still needs.
build=${FUZZ_BUILD_DIR:-${TMPDIR:-/tmp}/promptpay-fuzz-build}
options=(-Dit.test=FuzzIT -Dfuzz.casesPerEndpoint="$cases" -De2e.buildDirectory="$build")
[ -n "${SEED:-}" ] && options+=(-Dfuzz.seed="$SEED")
[ -n "${CONCURRENCY:-}" ] && options+=(-Dfuzz.concurrency="$CONCURRENCY")

require_stack_down
require_jars
load_before=$(load_average)
say "== FuzzIT, $cases cases per operation (load average $load_before); maven output: $bench_log/fuzz-mvn.log"
started=$SECONDS
status=0
mvn -B -f "$root/deploy/local/e2e/pom.xml" verify "${options[@]}" >"$bench_log/fuzz-mvn.log" 2>&1 || status=$?
elapsed=$((SECONDS - started))

report="$build/fuzz-report.txt"
if [ ! -f "$report" ]; then
  say "no report: FuzzIT did not get to fuzzing; see $bench_log/fuzz-mvn.log" >&2
  exit 1
fi
cat <<EOF

== summary ($(date '+%Y-%m-%d %H:%M'), load average before/after: $load_before / $(load_average), $elapsed s with stack start and stop)
EOF
sed -n '1,/^$/p' "$report"
if [ "$status" -ne 0 ]; then
  say "FuzzIT failed: every failing case with its request is in $report; the services' logs in $build/fuzz-logs/"
fi
exit "$status"
