#!/usr/bin/env bash
# Installs, from Debian's packages, the real servers that Vexil's tests run against: PostgreSQL (the
# distributed store), nats-server (the distributed event bus, JetStream), haproxy (deploy/cluster's balancer), jq (the
# release scripts), prometheus (for promtool), chromium (the dashboard's browser tests), clang and zlib1g-dev (Native AOT
# publishing of vexil-edge) and Node.js with npm (test
# oracles: the OpenFeature web provider's tests and the OpenID provider the single sign-on tests start; their fixtures
# run 'npm ci' from the lock files). Idempotent: does nothing when everything is already there. Needs root (or sudo).
set -euo pipefail

need=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || need+=(postgresql)
command -v nats-server > /dev/null || need+=(nats-server)
command -v promtool > /dev/null || need+=(prometheus)   # Debian ships promtool only in the prometheus package
command -v haproxy > /dev/null || need+=(haproxy)
command -v jq > /dev/null || need+=(jq)       # scripts/release.sh and verify-release.sh read the SBOM
# Headless Chromium for the dashboard's browser tests and the OFREP web provider's browser test (Playwright drives Debian's browser; no browser download).
[ -x /usr/bin/chromium ] || need+=(chromium)
# Node.js and npm for the test oracles (tests/Vexil.Ofrep.NodeTests/node, tests/Vexil.Testing/Oidc/node: oidc-provider).
command -v node > /dev/null || need+=(nodejs)
command -v npm > /dev/null || need+=(npm)
# Native AOT (src/Vexil.Edge.Host, vexil-edge): the ILCompiler links with clang and needs zlib's headers.
command -v clang > /dev/null || need+=(clang)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)

if ((${#need[@]} == 0)); then
  exit 0
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

echo "install-deps: installing ${need[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
# Packages must not start services (prometheus would listen on :9090): policy-rc.d refuses every start while installing.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  trap 'as_root rm -f "$policy"' EXIT
fi
as_root apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
# nats-server's package may start a system service; the tests start their own servers on free loopback ports.
if command -v systemctl > /dev/null; then as_root systemctl disable --now nats-server > /dev/null 2>&1 || true; fi
# The tests need only promtool from the prometheus package; its server must not run.
if command -v systemctl > /dev/null; then as_root systemctl disable --now prometheus > /dev/null 2>&1 || true; fi
# haproxy likewise: deploy/cluster starts its own on loopback ports.
if command -v systemctl > /dev/null; then as_root systemctl disable --now haproxy > /dev/null 2>&1 || true; fi
# The tests start their own PostgreSQL on a temporary folder; the package's default cluster is not needed.
if command -v pg_ctlcluster > /dev/null; then
  for cluster in /etc/postgresql/*/main; do
    [ -d "$cluster" ] || continue
    version=$(basename "$(dirname "$cluster")")
    as_root pg_ctlcluster "$version" main stop > /dev/null 2>&1 || true
  done
fi
