# Sourced by the bench scripts that run the local stack themselves. The stack's ports and .gateway/ are shared
# with other engineers' e2e runs: run those scripts under flock /tmp/promptpay-stack.lock (see README.md).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_log="$root/bench/target/logs"
mkdir -p "$bench_log"

say() { printf '%s\n' "$*"; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# Someone else's stack (or a half-started one) would be measured, or torn down, by mistake.
require_stack_down() {
  local port
  for port in 3000 8081 8082 8083 8084 9092 12111; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      say "port $port answers: the stack (or part of it) already runs; stop it or wait for its owner" >&2
      exit 1
    fi
  done
}

require_jars() {
  local name
  for name in intent-service checkout-page-service webhook-ingest-service callback-dispatcher-service; do
    [ -f "$root/$name/target/quarkus-app/quarkus-run.jar" ] || { say "$name is not packaged; build it first" >&2; exit 1; }
  done
}

require_bench_classes() {
  local marker="$root/bench/target/classes/com/promptpay/gateway/bench/EventPathLoad.class"
  if [ ! -f "$marker" ] || ! ls "$root"/bench/target/lib/postgresql-*.jar >/dev/null 2>&1 \
    || [ -n "$(find "$root/bench/src" "$root/bench/pom.xml" -newer "$marker" -print -quit)" ]; then
    mvn -B -q -f "$root/bench/pom.xml" package
  fi
}

# Every exit, failed or not, takes down what we started: the processes a script runs beside the stack (their pids
# in helpers), then the stack.
helpers=()
stack_up() {
  trap 'for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; done
        say "== ./gateway down"; "$root/gateway" down >"$bench_log/gateway-down.log" 2>&1 || true' EXIT
  "$root/gateway" up >"$bench_log/gateway-up.log" 2>&1 || { say "./gateway up failed; see $bench_log/gateway-up.log" >&2; exit 1; }
  set -a; . "$root/.gateway/local.env"; set +a
}

bench_java() { java -Xmx256m -XX:+UseSerialGC -cp "$root/bench/target/classes:$root/bench/target/lib/*" "$@"; }
