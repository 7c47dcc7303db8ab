#!/usr/bin/env bash
# Intent creation with the Stripe emulator in the loop, beside its ceiling measured in the same run:
# pgbench running the same two inserts (intent + outbox row, one transaction) on the same server.
#
#   flock /tmp/promptpay-stack.lock bench/intent-create.sh   (uses a running stack as it is; a stack it starts
#                                                            itself it takes down again, which frees the lock)
#   SECONDS_PER_STEP=20 bench/intent-create.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step=${SECONDS_PER_STEP:-10}
out_dir=$root/bench/target/intent-create
mkdir -p "$out_dir"
concurrencies=(${CONCURRENCIES:-1 8 32})

if curl -fsS -o /dev/null http://127.0.0.1:8081/q/health/ready 2>/dev/null; then
  set -a; . .gateway/local.env; set +a
else
  # Its services inherit the lock's descriptor: left running, they would hold the lock until someone stops them.
  . bench/stack.sh
  stack_up
fi
ls bench/target/lib/HdrHistogram-*.jar >/dev/null 2>&1 || mvn -B -q -f bench/pom.xml package
load() { java -Xmx256m -cp "bench/target/classes:bench/target/lib/*" com.promptpay.gateway.bench.HttpLoad --run-dir "$root/.gateway/run" "$@"; }

echo "== ceiling: pgbench, the same two inserts in one transaction (${step}s per step)"
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS bench_ceiling" -c "CREATE DATABASE bench_ceiling"
psql -q -h 127.0.0.1 -U postgres -d bench_ceiling -f intent-service/src/main/resources/db/migration/V1__merchants_intents_outbox.sql
psql -q -h 127.0.0.1 -U postgres -d bench_ceiling -c "INSERT INTO merchant (id, name, redirect_secret_encrypted, created_at, updated_at) VALUES ('mch_benchceiling000000000000', 'bench', 'x', now(), now())"
# CPU of every postgres process, in clock ticks (USER_HZ = 100 here): utime + stime, plus cutime + cstime, where the
# postmaster keeps what its exited children (pgbench's backends, once it disconnects) used
postgres_ticks() {
  local total=0 pid
  for pid in $(pgrep -x postgres); do
    total=$(( total + $(awk '{ sub(/.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
declare -A ceiling
for c in "${concurrencies[@]}"; do
  before=$(postgres_ticks)
  TIMEFORMAT='%U %S'
  { time pgbench -n -h 127.0.0.1 -U postgres -c "$c" -j "$(( c < 2 ? 1 : 2 ))" -T "$step" -f bench/intent-inserts.sql bench_ceiling \
    > "$out_dir/pgbench-$c.txt" 2>&1 ; } 2> "$out_dir/pgbench-$c.time"
  tps=$(awk '/^tps/ {print int($3)}' "$out_dir/pgbench-$c.txt")
  transactions=$(awk '/number of transactions actually processed/ {print $NF}' "$out_dir/pgbench-$c.txt")
  ceiling[$c]=$tps
  awk -v pg="$(( $(postgres_ticks) - before ))" -v n="$transactions" -v c="$c" -v tps="$tps" \
    '{ printf "pgbench c=%s: %s TPS | cpu ms per transaction: postgres=%.2f pgbench=%.2f total=%.2f\n", c, tps, pg * 10 / n, ($1 + $2) * 1000 / n, pg * 10 / n + ($1 + $2) * 1000 / n }' \
    "$out_dir/pgbench-$c.time"
done
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE bench_ceiling"

body='{"amount":10000,"email":"customer@example.com","description":"Order #12345","callbackUrl":"https://your-site.com/payment/success","cancelUrl":"https://your-site.com/payment/cancel","metadata":{"orderId":"12345"}}'
auth="Authorization: Bearer $DEMO_MERCHANT_API_KEY"
echo "== POST /payments/intents on intent-service (:8081), Stripe emulator in the loop"
peak=0
for c in "${concurrencies[@]}"; do
  lines=$(load --url http://127.0.0.1:8081/payments/intents --header "$auth" --header "Content-Type: application/json" \
    --body "$body" --expect 201 --mode closed --concurrency "$c" --duration "$step" --warmup 2)
  line=$(head -1 <<<"$lines")
  rps=$(sed -E 's/.*throughput=([0-9]+).*/\1/' <<<"$line")
  [ "$rps" -gt "$peak" ] && peak=$rps
  ratio=$(awk -v a="$rps" -v b="${ceiling[$c]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  echo "$line   ratio_to_pgbench=$ratio"
  echo "  $(tail -1 <<<"$lines")"
done
half=$(( peak / 2 ))
echo "== open model at half of peak ($half/s), latency from the scheduled start"
load --url http://127.0.0.1:8081/payments/intents --header "$auth" --header "Content-Type: application/json" \
  --body "$body" --expect 201 --mode open --rate "$half" --duration "$step" --warmup 2
echo "== the same through the public entry (:3000), c=8"
load --url http://127.0.0.1:3000/payments/intents --header "$auth" --header "Content-Type: application/json" \
  --body "$body" --expect 201 --mode closed --concurrency 8 --duration "$step" --warmup 2
