#!/usr/bin/env bash
# Merchant webhook delivery: callback-dispatcher-service's DeliveryBenchmark (throughput to a fast sink, then the p99
# cost a timing-out endpoint imposes on the others, in interleaved A/B pairs). It starts its own broker and database
# on free ports, but it is CPU-bound: run it under the stack lock so no e2e run shares the cores with it.
#
#   usage: flock /tmp/promptpay-stack.lock bench/dispatcher.sh [-Dbench.rounds=5 -Dbench.rate=200 -Dbench.seconds=20 ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The stack's settings would make the test reuse the stack's broker.
unset KAFKA_BOOTSTRAP_SERVERS
results=callback-dispatcher-service/target/bench-results.txt
log=callback-dispatcher-service/target/bench-run.log
rm -f "$results"
printf '== DeliveryBenchmark (load average %s)\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
if ! mvn -B -f callback-dispatcher-service/pom.xml test -Dtest=DeliveryBenchmark -DexcludedGroups=none "$@" >"$log" 2>&1; then
  grep -E '\[bench\]|ERROR|FAIL' "$log" | tail -40 >&2
  printf 'the benchmark failed; see %s\n' "$log" >&2
  exit 1
fi
printf '== figures (%s, load average now %s)\n' "$(date '+%Y-%m-%d %H:%M')" "$(cut -d' ' -f1-3 /proc/loadavg)"
cat "$results"
