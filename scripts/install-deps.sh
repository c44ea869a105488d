#!/usr/bin/env bash
# Installs, from Debian's packages, the real servers that Vexil's tests run against: PostgreSQL (the
# distributed store) and nats-server (the distributed event bus, JetStream). Idempotent: does nothing when everything is already there. Needs root (or sudo).
set -euo pipefail

need=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || need+=(postgresql)
command -v nats-server > /dev/null || need+=(nats-server)
command -v chromium > /dev/null || need+=(chromium)

if ((${#need[@]} == 0)); then
  exit 0
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

echo "install-deps: installing ${need[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
# nats-server's package may start a system service; the tests start their own servers on free loopback ports.
if command -v systemctl > /dev/null; then as_root systemctl disable --now nats-server > /dev/null 2>&1 || true; fi
# The tests start their own PostgreSQL on a temporary folder; the package's default cluster is not needed.
if command -v pg_ctlcluster > /dev/null; then
  for cluster in /etc/postgresql/*/main; do
    [ -d "$cluster" ] || continue
    version=$(basename "$(dirname "$cluster")")
    as_root pg_ctlcluster "$version" main stop > /dev/null 2>&1 || true
  done
fi
