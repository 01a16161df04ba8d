#!/bin/bash
# WebGPU backend on a GPU machine (adapted from shared/gpu-probe/webgpu/run.sh): the machine has
# no node and no Vulkan loader, so `prepare` packs them beside a bundle of bench/node.ts here, and
# `run` unpacks them there and measures, in one go of a few minutes.
#
#   On this (CPU) machine, from the repo root, after bootstrap:
#     bash packages/integrators-webgpu/bench/gpu-machine.sh prepare     # fills .gpu-bench/ (~25 MiB)
#     echo .gpu-bench >> "$(git rev-parse --git-common-dir)/info/exclude"  # carried as an ignored path
#   On the GPU machine (device run tool, carry [".gpu-bench"]):
#     timeout -k 10 420 bash .gpu-bench/gpu-machine.sh run
#
# Measures B = 16384 and 65536 (BATCHES) on [8,16,16,1] ReLU flows with biases and 32 samples,
# RK4 fixed step and DOPRI5 (rtol 1e-4), 20 steps of 0.01 (STEPS), against cpu-float64 on one
# thread (CPU_BATCH = 256 members; per-member cost does not depend on B on the CPU), with the
# agreement of those members with float64, then reruns the gpu-probe micro-benchmark at
# B = 65536 (if carried as .gpu-bench/wgpu-micro.cjs) with Dawn's messages to see its crash.
# Output: JSON lines on stdout and in $OUT/webgpu-bench.jsonl.
set -u
MODE=${1:-run}
if [ "$MODE" = prepare ]; then
  set -euo pipefail
  ROOT=$(git rev-parse --show-toplevel)
  PKG=$ROOT/packages/integrators-webgpu
  G=$ROOT/.gpu-bench
  rm -rf "$G"; mkdir -p "$G/debs"
  node "$PKG/bench/gpu-bundle.mjs" "$G"
  cp "$PKG/bench/gpu-machine.sh" "$G/"
  xz -T1 -9 -c "$(readlink -f "$PKG/node_modules/webgpu/dist/linux-x64/dawn.node")" >"$G/dawn.node.xz"
  strip -o "$G/node" "$(command -v node)" && xz -T1 --x86 --lzma2=preset=9e -c "$G/node" >"$G/node.xz" && rm "$G/node"
  (cd "$G/debs" && apt-get download libvulkan1 >/dev/null)
  [ -f "$ROOT/../shared/gpu-probe/webgpu/wgpu-micro.cjs" ] && cp "$ROOT/../shared/gpu-probe/webgpu/wgpu-micro.cjs" "$G/"
  du -sh "$G"/* | cat
  exit 0
fi

H=$(cd "$(dirname "$0")" && pwd)
W=/tmp/idyn-webgpu; mkdir -p "$W"
LOG=${OUT:-$W}/webgpu-bench.jsonl
echo "== machine"; nvidia-smi -L 2>&1 | head -2; nproc
echo "== unpack"
xz -dc "$H/node.xz" >"$W/node" && chmod +x "$W/node"
xz -dc "$H/dawn.node.xz" >"$W/dawn.node"
for f in "$H"/debs/*.deb; do dpkg -x "$f" / 2>/dev/null || echo "dpkg -x failed: $f"; done
ldconfig
ldconfig -p | grep -i libvulkan | head -2
ldd "$W/dawn.node" | grep "not found"
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$ICD" ] && export VK_DRIVER_FILES=$ICD
echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-(loader default)}"
echo "== bench (B = ${BATCHES:-16384,65536})"
DAWN_NODE=$W/dawn.node timeout 300 "$W/node" "$H/bench.mjs" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
echo "== bench rc $rc"
if [ "$rc" = 3 ] && [ -n "${VK_DRIVER_FILES:-}" ]; then
  echo "== no adapter with VK_DRIVER_FILES: retry with the loader's default search"
  unset VK_DRIVER_FILES
  DAWN_NODE=$W/dawn.node BATCHES=16384 timeout 200 "$W/node" "$H/bench.mjs" 2>&1 | tee -a "$LOG"
fi
if [ -f "$H/wgpu-micro.cjs" ]; then
  echo "== gpu-probe micro-benchmark (the one that crashed at B = 65536), exit status and last lines"
  DAWN_NODE=$W/dawn.node timeout 100 "$W/node" "$H/wgpu-micro.cjs" --label=micro 2>&1 | tail -8 | tee -a "$LOG"
  echo "== micro rc ${PIPESTATUS[0]} (139 = SIGSEGV)"
fi
