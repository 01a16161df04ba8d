#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine that has Node 20 and npm (run as root):
# apt packages, pnpm 12.4.2, workspace install, build, and a one-line headless-gl report.
# A second run is a quick no-op for every step whose inputs did not change.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
stamp_dir="$root/node_modules/.idyn"
log() { printf 'bootstrap: %s\n' "$*" >&2; }

apt_packages=(build-essential python3 pkg-config libx11-dev libxext-dev libxi-dev libgl1-mesa-dev
  libgl1-mesa-dri xvfb xauth chromium fonts-dejavu-core libvulkan1 redis-server)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    log "missing apt packages (${missing[*]}) and not root: install them and rerun"; exit 1
  fi
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  log "installing apt packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  log "installing pnpm 12.4.2"
  npm install -g pnpm@12.4.2 >/dev/null 2>&1
fi

lock_hash=$( (cat pnpm-lock.yaml; find . -name package.json -not -path '*/node_modules/*' -not -path './.git/*' | sort | xargs cat) | sha256sum | cut -c1-16)
if [ "$(cat "$stamp_dir/install" 2>/dev/null || true)" != "$lock_hash" ]; then
  log "pnpm install --frozen-lockfile"
  JOBS=max npm_config_nodedir=/usr pnpm install --frozen-lockfile --reporter=append-only >/tmp/idyn-install.log 2>&1 \
    || { tail -40 /tmp/idyn-install.log >&2; exit 1; }
  mkdir -p "$stamp_dir"; echo "$lock_hash" > "$stamp_dir/install"
fi

gl_node=$(ls node_modules/.pnpm/gl@8.1.6*/node_modules/gl/build/Release/webgl.node 2>/dev/null | head -1 || true)
if [ -n "$gl_node" ]; then
  log "headless-gl: built ($gl_node)"
else
  log "headless-gl: NOT built (gpu.js will fall back to its WebAssembly/CPU kernels in Node)"
fi

log "building packages (turbo, cached)"
TURBO_TELEMETRY_DISABLED=1 pnpm exec turbo run build --output-logs=errors-only >/tmp/idyn-build.log 2>&1 \
  || { tail -60 /tmp/idyn-build.log >&2; exit 1; }
