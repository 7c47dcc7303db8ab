#!/usr/bin/env bash
# A real single-node KRaft Kafka broker, run as its own JVM from Maven Central jars (no Docker).
#
#   kafka.sh start | stop | kill | status | clean | create-topics | bootstrap
#
# Settings (environment):
#   KAFKA_PORT             client listener          (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener (default 9093)
#   KAFKA_RUN_DIR          data, logs and pid file   (default <repo>/.gateway/run/kafka)
#   KAFKA_HEAP             -Xmx of the broker        (default 256m)
#   KAFKA_START_TIMEOUT    seconds to wait for ready (default 90)
# Everything listens on 127.0.0.1 only.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
run_dir=${KAFKA_RUN_DIR:-$repo/.gateway/run/kafka}
heap=${KAFKA_HEAP:-256m}
start_timeout=${KAFKA_START_TIMEOUT:-90}
lib="$here/target/lib"
pid_file="$run_dir/kafka.pid"
# Fixed so that a restart on the same data directory joins the same cluster.
cluster_id=cHJvbXB0cGF5LWdhdGV3YQ

say() { printf 'kafka: %s\n' "$*"; }
fail() { printf 'kafka: %s\n' "$*" >&2; exit 1; }

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

broker_pid() {
  [ -f "$pid_file" ] || return 1
  local pid state
  pid=$(cat "$pid_file")
  # A killed broker can linger as a zombie that still answers kill -0.
  state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$state" ] && [ "$state" != Z ] || return 1
  printf '%s' "$pid"
}

java_cmd() { java -Xms64m -Xmx128m -cp "$lib/*" -Dlog4j2.configurationFile="$here/log4j2.properties" \
  -Dkafka.logs.dir="$run_dir/logs" "$@"; }

ensure_jars() {
  if ! ls "$lib"/kafka_2.13-*.jar >/dev/null 2>&1; then
    say "assembling broker jars (mvn package in deploy/local/kafka)"
    mvn -q -B -f "$here/pom.xml" package >/dev/null
  fi
}

write_config() {
  mkdir -p "$run_dir/data" "$run_dir/logs"
  cat > "$run_dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$run_dir/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=16777216
EOF
}

wait_ready() {
  local deadline=$((SECONDS + start_timeout))
  until grep -q 'Kafka Server started' "$run_dir/logs/server.log" 2>/dev/null; do
    broker_pid >/dev/null || fail "broker exited while starting; see $run_dir/logs/server.log and $run_dir/console.log"
    [ $SECONDS -lt $deadline ] || fail "not started after ${start_timeout}s; see $run_dir/logs/server.log"
    sleep 0.3
  done
  # "Started" is logged before the broker has caught up with the metadata log: ask it for real.
  until java_cmd org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --list >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "no metadata answer after ${start_timeout}s"
    sleep 0.5
  done
}

create_topics() {
  local existing name partitions configs args
  existing=$(java_cmd org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --list)
  while read -r name partitions configs; do
    case "$name" in ''|'#'*) continue ;; esac
    grep -qx "$name" <<<"$existing" && continue
    args=(--bootstrap-server "127.0.0.1:$port" --create --if-not-exists --topic "$name"
          --partitions "$partitions" --replication-factor 1)
    if [ -n "${configs:-}" ]; then
      IFS=, read -ra pairs <<<"$configs"
      for pair in "${pairs[@]}"; do args+=(--config "$pair"); done
    fi
    java_cmd org.apache.kafka.tools.TopicCommand "${args[@]}" >/dev/null
    say "created topic $name ($partitions partitions${configs:+, $configs})"
  done < "$here/topics.conf"
}

start() {
  if pid=$(broker_pid); then say "already running (pid $pid) on 127.0.0.1:$port"; return 0; fi
  for p in "$port" "$controller_port"; do
    port_answers "$p" && fail "port $p is already taken by another process; set KAFKA_PORT/KAFKA_CONTROLLER_PORT"
  done
  ensure_jars
  write_config
  java_cmd kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" \
    -c "$run_dir/server.properties" >/dev/null
  : > "$run_dir/logs/server.log"
  # setsid + closed stdin/stdout: the broker must not hold the caller's terminal or pipes open
  # (a test JVM or CI waiting on them would hang).
  # The broker writes its own pid before exec: under job control setsid forks, and $! would be the
  # short-lived parent's.
  rm -f "$pid_file"
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pid_file" java -Xms128m "-Xmx$heap" -XX:+UseSerialGC -cp "$lib/*" \
    -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$run_dir/logs" \
    kafka.Kafka "$run_dir/server.properties" </dev/null >"$run_dir/console.log" 2>&1 &
  for _ in $(seq 100); do [ -s "$pid_file" ] && break; sleep 0.05; done
  wait_ready
  create_topics
  say "ready on 127.0.0.1:$port (pid $(cat "$pid_file"))"
}

stop() {
  local signal=${1:-TERM} pid
  if ! pid=$(broker_pid); then say "not running"; rm -f "$pid_file"; return 0; fi
  kill "-$signal" "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while broker_pid >/dev/null; do
    if [ $SECONDS -ge $deadline ]; then say "still running after 30s, sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; deadline=$((SECONDS + 10)); fi
    sleep 0.2
  done
  # The listener may stay bound a moment after the process is gone.
  for _ in $(seq 50); do port_answers "$port" || break; sleep 0.1; done
  rm -f "$pid_file"
  say "stopped (SIG$signal)"
}

status() {
  if pid=$(broker_pid) && port_answers "$port"; then say "running (pid $pid) on 127.0.0.1:$port"; return 0; fi
  say "not running"; return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop TERM ;;
  kill) stop KILL ;;
  status) status ;;
  clean) stop TERM; rm -rf "$run_dir"; say "removed $run_dir" ;;
  create-topics) create_topics ;;
  bootstrap) printf '127.0.0.1:%s\n' "$port" ;;
  *) echo "usage: $0 start|stop|kill|status|clean|create-topics|bootstrap" >&2; exit 2 ;;
esac
