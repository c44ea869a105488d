#!/usr/bin/env bash
# Starts, stops or kills one node of the local cluster: node.sh start|stop|kill|pid|ready|build NAME [--build PATH]
#   (also start-nowait, wait: start without waiting, wait until ready; build: prints the vexil build the node runs)
#   NAME: postgres, nats, cp1, cp2, edge-a1, edge-a2, edge-b1, haproxy
# Each node is configured by its file in this folder (NAME.json, nats.conf, haproxy.cfg); its data, log and pid
# are under run/. Secrets are read from run/secrets/ by the nodes themselves (…File settings), never passed as
# arguments. The vexil build a vexil node runs: --build PATH (a vexil executable, a vexil.dll, or a folder holding
# either), else $VEXIL_BUILD (the same), else $VEXIL_EXE, else `dotnet $VEXIL_DLL`, else run/bin/vexil (up.sh
# publishes it). A rolling upgrade is `node.sh stop cp1; node.sh start cp1 --build /path/to/new`, one node at a time.
# The pid file holds the pid and the process's start time (/proc/PID/stat field 22): a killed node that is not reaped
# yet (a zombie) or a pid the kernel reused for another process never counts as the node running.
set -euo pipefail
cd "$(dirname "$0")"
. ./cluster.env
RUN="$PWD/run"
mkdir -p "$RUN/logs"

usage="usage: node.sh start|start-nowait|wait|stop|kill|pid|ready|build NAME [--build PATH]"
action=${1:?$usage}
name=${2:?$usage}
build=${VEXIL_BUILD:-}
if [ $# -ge 3 ]; then
  [ "$3" = "--build" ] && [ $# -eq 4 ] || { echo "$usage" >&2; exit 2; }
  build=$4
fi

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { local b; b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1); [ -n "$b" ] || { echo "PostgreSQL is not installed (scripts/install-deps.sh)" >&2; exit 1; }; echo "$b"; }

# The command that runs a vexil build: PATH may be an executable, a .dll, or a folder holding vexil or vexil.dll.
vexil_cmd() {
  local b=$build
  if [ -n "$b" ]; then
    if [ -d "$b" ]; then
      if [ -x "$b/vexil" ]; then b="$b/vexil"; elif [ -f "$b/vexil.dll" ]; then b="$b/vexil.dll"
      else echo "node.sh: $b holds neither vexil nor vexil.dll" >&2; exit 2; fi
    fi
    [ -f "$b" ] || { echo "node.sh: no vexil build at $b" >&2; exit 2; }
    b=$(cd "$(dirname "$b")" && echo "$PWD/$(basename "$b")")
    case "$b" in *.dll) echo "dotnet $b" ;; *) echo "$b" ;; esac
  elif [ -n "${VEXIL_EXE:-}" ]; then echo "$VEXIL_EXE"
  elif [ -n "${VEXIL_DLL:-}" ]; then echo "dotnet $VEXIL_DLL"
  else echo "$RUN/bin/vexil"; fi
}

# Field 22 of /proc/PID/stat (the start time in clock ticks since boot), or nothing when there is no such process.
start_time_of() { [ -r "/proc/$1/stat" ] && sed -E 's/^.*\) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20 || true; }

# The state letter of /proc/PID/stat (R, S, D, Z, …), or nothing when there is no such process.
state_of() { [ -r "/proc/$1/stat" ] && sed -E 's/^.*\) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1 || true; }

# Whether PID is a live process (not gone, not a zombie) and, when STARTED is given, the same one (its start time).
live() {
  local pid=$1 started=${2:-} state
  state=$(state_of "$pid")
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] || return 1
  [ -z "$started" ] || [ "$(start_time_of "$pid")" = "$started" ]
}

# Writes the pid file: the pid and its start time.
record_pid() { echo "$1 $(start_time_of "$1")" > "$RUN/$name.pid"; }

pid_of() {
  case "$name" in
    postgres) [ -f "$RUN/postgres/postmaster.pid" ] && head -1 "$RUN/postgres/postmaster.pid" || true ;;
    nats) [ -f "$RUN/nats.pid" ] && cut -d' ' -f1 "$RUN/nats.pid" || true ;;
    *) [ -f "$RUN/$name.pid" ] && cut -d' ' -f1 "$RUN/$name.pid" || true ;;
  esac
}

# The start time recorded beside the pid (nothing for postgres and nats, whose pid files their servers write).
recorded_start_of() { [ -f "$RUN/$name.pid" ] && cut -s -d' ' -f2 "$RUN/$name.pid" || true; }

# The node's file; with a port offset, a copy under run/config/ with every 170xx port shifted.
config_of() {
  local file=$1
  if [ "$PORT_OFFSET" -eq 0 ]; then echo "$file"; return; fi
  mkdir -p "$RUN/config"
  perl -pe "s/\\b(170[0-9]{2})\\b/\$1 + $PORT_OFFSET/ge" "$file" > "$RUN/config/$file"
  echo "run/config/$file"
}

alive() {
  local p; p=$(pid_of)
  [ -n "$p" ] || return 1
  case "$name" in postgres|nats) live "$p" ;; *) live "$p" "$(recorded_start_of)" ;; esac
}

# Waits (bounded) until the node's process is gone or a zombie, so that a start right after a kill finds it dead.
wait_gone() {
  local p=$1
  for _ in $(seq 1 100); do live "$p" || return 0; sleep 0.1; done
  echo "node.sh: $name (pid $p) did not die within 10s" >&2; return 1
}

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
      record_pid $! ;;
    cp1|cp2|edge-*)
      local cmd role=()
      cmd=$(vexil_cmd)
      case "$name" in edge-*) role=(edge) ;; esac
      echo "$cmd" > "$RUN/$name.build"
      echo "--- $(date -u +%FT%TZ) node.sh start: $cmd" >> "$log"
      # shellcheck disable=SC2086
      setsid $cmd "${role[@]}" --config "$(config_of "$name.json")" >> "$log" 2>&1 < /dev/null &
      record_pid $! ;;
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
      if [ -n "$p" ] && alive; then
        kill -TERM "$p"
        for _ in $(seq 1 100); do live "$p" || break; sleep 0.1; done
        if live "$p"; then kill -KILL "$p" 2>/dev/null || true; wait_gone "$p"; fi
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
  kill)
    # SIGKILL, then wait until the process is dead (a zombie counts: its parent may reap it late), so that an
    # immediate start finds the node stopped.
    if alive; then p=$(pid_of); kill -KILL "$p" 2>/dev/null || true; wait_gone "$p"; fi ;;
  pid) if alive; then pid_of; fi ;;
  build) case "$name" in cp1|cp2|edge-*) [ -f "$RUN/$name.build" ] && cat "$RUN/$name.build" || true ;; esac ;;
  *) echo "unknown action '$action'" >&2; exit 2 ;;
esac
