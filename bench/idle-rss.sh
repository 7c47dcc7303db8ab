#!/usr/bin/env bash
# Resident memory of every component of the idle local stack (VmRSS from /proc), beside an empty JVM started with
# the services' own flags and idle for the same time: the ratio is what Quarkus and the
# service add to a bare JVM. One payment walks the whole flow first, so every service has served a request.
# Starts the stack and always takes it down again, so run it under the lock:
#
#   usage: flock /tmp/promptpay-stack.lock bench/idle-rss.sh        (IDLE_SECONDS=30)
set -euo pipefail
. "$(dirname "$0")/stack.sh"
idle=${IDLE_SECONDS:-30}
run="$root/.gateway/run"
base=http://127.0.0.1:3000

require_stack_down
require_jars
require_bench_classes
say "== ./gateway up (load average $(load_average))"
stack_up

say "== warm-up: one payment through every service"
auth="Authorization: Bearer $DEMO_MERCHANT_API_KEY"
created=$(curl -fsS "$base/payments/intents" -H "$auth" -H 'Content-Type: application/json' \
  -d '{"amount":10000,"email":"customer@example.com","callbackUrl":"http://localhost:3001/payment/success","cancelUrl":"http://localhost:3001/payment/cancel"}')
id=$(sed -E 's/.*"paymentIntentId":"([^"]+)".*/\1/' <<<"$created")
qr_path=$(sed -E 's/.*"qr":\{[^}]*"data":"https?:\/\/[^/]+([^"]+)".*/\1/' <<<"$created")
curl -fsS -o /dev/null "$base/payment/$id"
# What the shopper's banking app does: the emulator then sends its signed webhook to webhook-ingest-service.
curl -fsS -o /dev/null -X POST "http://127.0.0.1:12111$qr_path/authorize"
# Here-strings, not pipes: under pipefail a curl cut short by grep -q's early exit would fail the check.
for _ in $(seq 100); do
  grep -q '"status":"succeeded"' <<<"$(curl -fsS "$base/payments/$id" -H "$auth")" && break
  sleep 0.1
done
grep -q '"status":"succeeded"' <<<"$(curl -fsS "$base/payments/$id" -H "$auth")" || { say "the warm-up payment did not succeed" >&2; exit 1; }
delivered="\"eventType\":\"payment_intent.succeeded\",\"paymentIntentId\":\"$id\",\"endpointId\":\"[^\"]*\",\"status\":\"succeeded\""
for _ in $(seq 100); do
  grep -q "$delivered" <<<"$(curl -fsS "$base/webhook-deliveries" -H "$auth")" && break
  sleep 0.1
done
grep -q "$delivered" <<<"$(curl -fsS "$base/webhook-deliveries" -H "$auth")" || { say "the warm-up webhook was not delivered" >&2; exit 1; }
say "payment $id succeeded and its webhook reached the demo merchant"

# The empty JVM idles beside the stack for the same time, so both are read under the same machine state.
# Its flags are the services' own, read from intent-service's command line (./gateway's GATEWAY_SERVICE_JVM_OPTIONS).
read -r -a service_flags <<<"$(tr '\0' '\n' < "/proc/$(cat "$run/intent-service.pid")/cmdline" | sed -n '/^-X/p' | tr '\n' ' ')"
say "service JVM flags: ${service_flags[*]}"
MALLOC_ARENA_MAX=2 java "${service_flags[@]}" -cp "$root/bench/target/classes" com.promptpay.gateway.bench.IdleJvm </dev/null >/dev/null 2>&1 &
empty=$!
helpers+=("$empty")
say "== idle for $idle s (load average $(load_average))"
sleep "$idle"

rss_mb() { awk -v field="^$2:" '$0 ~ field { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
xmx() { tr '\0' '\n' < "/proc/$1/cmdline" | sed -n 's/^-Xmx//p' | tail -1; }
# RssAnon is the JVM's own memory (heap, metaspace, code cache, threads); RssFile the jars and libraries it maps.
row() { printf '%-28s %5s %7s %8s %8s %12s  %s\n' "$@"; }
measure() {
  local name=$1 pid=$2 kind=$3 rss ratio verdict
  rss=$(rss_mb "$pid" VmRSS)
  ratio=$(awk -v a="$rss" -v b="$empty_rss" 'BEGIN { printf "%.1f", a / b }')
  verdict=-
  [ "$kind" = service ] && verdict=$([ "$rss" -le 150 ] && echo meets || echo MISSES)
  row "$name" "$(xmx "$pid")" "$rss" "$(rss_mb "$pid" RssAnon)" "$(rss_mb "$pid" RssFile)" "$ratio" "$verdict"
}
empty_rss=$(rss_mb "$empty" VmRSS)
printf '\n== RSS in MB after %s s idle (%s, load average %s)\n' "$idle" "$(date '+%Y-%m-%d %H:%M')" "$(load_average)"
row component -Xmx VmRSS RssAnon RssFile 'x empty JVM' 'target <= 150 MB per service'
for file in "$run"/*.pid "$run/kafka/kafka.pid"; do
  [ -f "$file" ] || continue
  name=$(basename "$file" .pid); pid=$(cat "$file")
  [ -r "/proc/$pid/status" ] || continue
  case $name in
    intent-service|checkout-page-service|webhook-ingest-service|callback-dispatcher-service) measure "$name" "$pid" service ;;
    *) measure "$name" "$pid" other ;;
  esac
done
measure 'empty JVM (ceiling)' "$empty" other
