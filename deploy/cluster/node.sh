#!/usr/bin/env bash
# Starts, stops or kills one node of the local cluster: node.sh start|stop|kill|pid|ready NAME
#   (also start-nowait, wait: start without waiting, wait until ready)
#   NAME: postgres, nats, cp1, cp2, edge-a1, edge-a2, edge-b1, haproxy
# Each node is configured by its file in this folder (NAME.json, nats.conf, haproxy.cfg); its data, log and pid
# are under run/. Secrets are read from run/secrets/ by the nodes themselves (…File settings), never passed as
# arguments. The vexil executable: $VEXIL_EXE, else `dotnet $VEXIL_DLL`, else run/bin/vexil (up.sh publishes it).
set -euo pipefail
cd "$(dirname "$0")"
. ./cluster.env
RUN="$PWD/run"
mkdir -p "$RUN/logs"

action=${1:?usage: node.sh start|stop|kill|pid|ready NAME}
name=${2:?usage: node.sh start|stop|kill|pid|ready NAME}

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { local b; b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1); [ -n "$b" ] || { echo "PostgreSQL is not installed (scripts/install-deps.sh)" >&2; exit 1; }; echo "$b"; }

vexil_cmd() {
  if [ -n "${VEXIL_EXE:-}" ]; then echo "$VEXIL_EXE"
  elif [ -n "${VEXIL_DLL:-}" ]; then echo "dotnet $VEXIL_DLL"
  else echo "$RUN/bin/vexil"; fi
}

pid_of() {
  case "$name" in
    postgres) [ -f "$RUN/postgres/postmaster.pid" ] && head -1 "$RUN/postgres/postmaster.pid" || true ;;
    *) [ -f "$RUN/$name.pid" ] && cat "$RUN/$name.pid" || true ;;
  esac
}

# The node's file; with a port offset, a copy under run/config/ with every 170xx port shifted.
config_of() {
  local file=$1
  if [ "$PORT_OFFSET" -eq 0 ]; then echo "$file"; return; fi
  mkdir -p "$RUN/config"
  perl -pe "s/\\b(170[0-9]{2})\\b/\$1 + $PORT_OFFSET/ge" "$file" > "$RUN/config/$file"
  echo "run/config/$file"
}

alive() { local p; p=$(pid_of); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

port_of() {
  case "$name" in
    cp1) echo "$CP1_PORT" ;; cp2) echo "$CP2_PORT" ;;
    edge-a1) echo "$EDGE_A1_PORT" ;; edge-a2) echo "$EDGE_A2_PORT" ;; edge-b1) echo "$EDGE_B1_PORT" ;;
  esac
}

ready() {
  case "$name" in
    postgres) as_postgres "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" ;;
    nats) curl -sf "http://127.0.0.1:$NATS_MONITOR_PORT/healthz?js-enabled-only=true" > /dev/null ;;
    haproxy) curl -sf "http://127.0.0.1:$HAPROXY_STATS_PORT/" > /dev/null ;;
    *) curl -sf "http://127.0.0.1:$(port_of)/health/ready" > /dev/null ;;
  esac
}

start() {
  if alive; then echo "$name is already running ($(pid_of))"; return; fi
  local log="$RUN/logs/$name.log"
  case "$name" in
    postgres)
      touch "$log"; [ "$(id -u)" -eq 0 ] && chown postgres "$log"
      as_postgres "$(pg_bin)/pg_ctl" -D "$RUN/postgres" -l "$log" -w -t 60 -o "-p $POSTGRES_PORT -k $RUN/postgres" start > /dev/null ;;
    nats)
      VEXIL_NATS_PASSWORD=$(cat "$RUN/secrets/nats-password") setsid nats-server -c "$(config_of nats.conf)" -P "$RUN/nats.pid" >> "$log" 2>&1 < /dev/null &
      ;;
    haproxy)
      setsid haproxy -db -f "$(config_of haproxy.cfg)" >> "$log" 2>&1 < /dev/null &
      echo $! > "$RUN/haproxy.pid" ;;
    cp1|cp2)
      # shellcheck disable=SC2046
      setsid $(vexil_cmd) --config "$(config_of "$name.json")" >> "$log" 2>&1 < /dev/null &
      echo $! > "$RUN/$name.pid" ;;
    edge-*)
      # shellcheck disable=SC2046
      setsid $(vexil_cmd) edge --config "$(config_of "$name.json")" >> "$log" 2>&1 < /dev/null &
      echo $! > "$RUN/$name.pid" ;;
    *) echo "unknown node '$name'" >&2; exit 2 ;;
  esac
}

wait_ready() {
  local deadline=$((SECONDS + ${READY_TIMEOUT:-90}))
  until ready; do
    if [ $SECONDS -ge $deadline ]; then echo "$name is not ready after ${READY_TIMEOUT:-90}s; see run/logs/$name.log" >&2; tail -20 "$RUN/logs/$name.log" >&2 || true; exit 1; fi
    sleep 0.2
  done
}

stop() {
  case "$name" in
    postgres) [ -f "$RUN/postgres/postmaster.pid" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$RUN/postgres" -m fast -w stop > /dev/null || true ;;
    *)
      local p; p=$(pid_of)
      if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
        kill -TERM "$p"
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$p" 2>/dev/null && kill -KILL "$p" || true
      fi
      rm -f "$RUN/$name.pid" ;;
  esac
}

case "$action" in
  start) start; wait_ready ;;
  start-nowait) start ;;
  wait) wait_ready ;;
  ready) ready ;;
  stop) stop ;;
  kill) p=$(pid_of); [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true ;;
  pid) pid_of ;;
  *) echo "unknown action '$action'" >&2; exit 2 ;;
esac
