#!/usr/bin/env bash
# How long ./gateway up takes from packaged jars to "ready" (target <= 60 s), and ./gateway down, RUNS times each,
# beside a ceiling measured in the same run: the Kafka broker alone (kafka.sh start to ready, on the stack's own data
# directory), which up must wait for before it starts any service. Needs the stack down; leaves it down. Run it under
# the lock:
#
#   usage: flock /tmp/promptpay-stack.lock bench/stack-start.sh        (RUNS=3)
set -euo pipefail
. "$(dirname "$0")/stack.sh"
runs=${RUNS:-3}
kafka_sh="$root/deploy/local/kafka/kafka.sh"
export KAFKA_RUN_DIR="$root/.gateway/run/kafka"

require_stack_down
require_jars
trap '"$root/gateway" down >"$bench_log/gateway-down.log" 2>&1 || true' EXIT

now() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# Each line of the command's output stamped with the seconds since the start: where the time goes.
timed() {
  local start=$1; shift
  "$@" 2>&1 | while IFS= read -r line; do printf '%6s  %s\n' "$(seconds_since "$start")" "$line"; done
}

ups=() downs=() kafkas=()
for run in $(seq "$runs"); do
  start=$(now)
  "$kafka_sh" start >"$bench_log/kafka-alone.log" 2>&1
  kafkas+=("$(seconds_since "$start")")
  "$kafka_sh" stop >>"$bench_log/kafka-alone.log" 2>&1

  load=$(load_average)
  start=$(now)
  if ! timed "$start" "$root/gateway" up >"$bench_log/stack-start-$run.log"; then
    say "./gateway up failed in run $run:" >&2; tail -5 "$bench_log/stack-start-$run.log" >&2; exit 1
  fi
  ups+=("$(seconds_since "$start")")
  start=$(now)
  timed "$start" "$root/gateway" down >"$bench_log/stack-down-$run.log"
  downs+=("$(seconds_since "$start")")
  say "run $run (load average $load): kafka alone ${kafkas[-1]} s, ./gateway up ${ups[-1]} s, ./gateway down ${downs[-1]} s"
  grep -E 'kafka: ready|ready on|is up at' "$bench_log/stack-start-$run.log" | sed 's/^/      up  /' || true
  grep -E 'stopped' "$bench_log/stack-down-$run.log" | sed 's/^/    down  /' || true
done

up_median=$(printf '%s\n' "${ups[@]}" | median)
kafka_median=$(printf '%s\n' "${kafkas[@]}" | median)
cat <<EOF

== summary ($(date '+%Y-%m-%d %H:%M'), load average now $(load_average))
./gateway up      ${ups[*]} s   median ${up_median} s   (target <= 60 s: $(awk -v m="$up_median" 'BEGIN { print (m <= 60 ? "meets" : "MISSES") }'))
./gateway down    ${downs[*]} s   median $(printf '%s\n' "${downs[@]}" | median) s
Kafka alone       ${kafkas[*]} s   median ${kafka_median} s   (ceiling)
ratio up / Kafka alone: $(awk -v a="$up_median" -v b="$kafka_median" 'BEGIN { printf "%.1f", a / b }')
EOF
