#!/usr/bin/env bash
# Installs the Debian packages the real test infrastructure needs, only those missing:
# PostgreSQL and Redis servers, Python venv support for checkov, Maven/JDK for Kafka, what the
# real node needs (libseccomp-dev, nftables, conntrack), a font for the diagram test.
set -euo pipefail

# Dapr, OpenTofu and the providers need Go >= 1.21 (it fetches the exact toolchain each
# module asks for); Debian 12's golang-go is 1.19, so Go is a prerequisite, not a package.
if ! command -v go >/dev/null 2>&1; then
  echo "[setup] Go >= 1.21 is required on PATH to build Dapr, OpenTofu and the Terraform providers" >&2
  exit 1
fi

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }

ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
have_cmd redis-server || need+=(redis-server)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
have_cmd java || need+=(openjdk-17-jdk-headless)
have_cmd mvn || need+=(maven)
# The real node: runc's seccomp (built with cgo), nftables for the pod network and kube-proxy,
# conntrack for kube-proxy's UDP clean-up.
[ -f /usr/include/seccomp.h ] || need+=(libseccomp-dev)
have_cmd nft || need+=(nftables)
have_cmd conntrack || need+=(conntrack)
# The diagram test renders the SVGs with this font (its glyph widths are what the layout assumes).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  echo "[setup] system packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "[setup] installing: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts the packaged servers; the tests run their own throw-away instances instead.
for svc in postgresql redis-server; do
  $sudo systemctl disable --now "$svc" >/dev/null 2>&1 || $sudo service "$svc" stop >/dev/null 2>&1 || true
done
echo "[setup] done"
