#!/usr/bin/env bash
# Intent creation with the Stripe emulator in the loop, beside its ceiling measured in the same run:
# pgbench running the same two inserts (intent + outbox row, one transaction) on the same server.
#
#   bench/intent-create.sh            (starts ./gateway up if it is not running; leaves it running)
#   SECONDS_PER_STEP=20 bench/intent-create.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step=${SECONDS_PER_STEP:-10}
concurrencies=(${CONCURRENCIES:-1 8 32})

curl -fsS -o /dev/null http://127.0.0.1:8081/q/health/ready 2>/dev/null || ./gateway up
set -a; . .gateway/local.env; set +a
ls bench/target/lib/HdrHistogram-*.jar >/dev/null 2>&1 || mvn -B -q -f bench/pom.xml package
load() { java -Xmx256m -cp "bench/target/classes:bench/target/lib/*" com.promptpay.gateway.bench.HttpLoad "$@"; }

echo "== ceiling: pgbench, the same two inserts in one transaction (${step}s per step)"
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS bench_ceiling" -c "CREATE DATABASE bench_ceiling"
psql -q -h 127.0.0.1 -U postgres -d bench_ceiling -f intent-service/src/main/resources/db/migration/V1__merchants_intents_outbox.sql
psql -q -h 127.0.0.1 -U postgres -d bench_ceiling -c "INSERT INTO merchant (id, name, redirect_secret_encrypted, created_at, updated_at) VALUES ('mch_benchceiling000000000000', 'bench', 'x', now(), now())"
declare -A ceiling
for c in "${concurrencies[@]}"; do
  tps=$(pgbench -n -h 127.0.0.1 -U postgres -c "$c" -j "$(( c < 2 ? 1 : 2 ))" -T "$step" -f bench/intent-inserts.sql bench_ceiling \
    | awk '/^tps/ {print int($3)}')
  ceiling[$c]=$tps
  echo "pgbench c=$c: $tps TPS"
done
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE bench_ceiling"

body='{"amount":10000,"email":"customer@example.com","description":"Order #12345","callbackUrl":"https://your-site.com/payment/success","cancelUrl":"https://your-site.com/payment/cancel","metadata":{"orderId":"12345"}}'
auth="Authorization: Bearer $DEMO_MERCHANT_API_KEY"
echo "== POST /payments/intents on intent-service (:8081), Stripe emulator in the loop"
peak=0
for c in "${concurrencies[@]}"; do
  line=$(load --url http://127.0.0.1:8081/payments/intents --header "$auth" --header "Content-Type: application/json" \
    --body "$body" --expect 201 --mode closed --concurrency "$c" --duration "$step" --warmup 2)
  rps=$(sed -E 's/.*throughput=([0-9]+).*/\1/' <<<"$line")
  [ "$rps" -gt "$peak" ] && peak=$rps
  ratio=$(awk -v a="$rps" -v b="${ceiling[$c]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  echo "$line   ratio_to_pgbench=$ratio"
done
half=$(( peak / 2 ))
echo "== open model at half of peak ($half/s), latency from the scheduled start"
load --url http://127.0.0.1:8081/payments/intents --header "$auth" --header "Content-Type: application/json" \
  --body "$body" --expect 201 --mode open --rate "$half" --duration "$step" --warmup 2
echo "== the same through the public entry (:3000), c=8"
load --url http://127.0.0.1:3000/payments/intents --header "$auth" --header "Content-Type: application/json" \
  --body "$body" --expect 201 --mode closed --concurrency 8 --duration "$step" --warmup 2
