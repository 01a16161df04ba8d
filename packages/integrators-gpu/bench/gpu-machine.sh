#!/bin/bash
# The resident backend on a GPU machine (no node, no X there), in one prepared run of ≤ 6 minutes:
# trajectory-steps/s and useful GFLOP/s of RK4 and DOPRI5 on [8,16,16,1] and [16,64,64,1] (32
# samples) at B = 16384 and 65536 on headless-gl (NVIDIA through its GLX vendor library, else
# Mesa llvmpipe), against one CPU thread and all cores of that machine (cpuBackend, float64).
# It reuses ../shared/gpu-probe (node, Xvfb, Mesa and gl's addon carried as .debs and a bundle;
# see its README) with bench/gpuMachineProbe.mjs as the probe.
#
#   bash packages/integrators-gpu/bench/gpu-machine.sh prepare   # here, on the built checkout (~5 min)
#   bash packages/integrators-gpu/bench/gpu-machine.sh run       # there: run tool, carry
#                                                                # packages/integrators-gpu/bench/.gpu-machine
#
# prepare writes packages/integrators-gpu/bench/.gpu-machine/ (git-ignored, ~60 MiB). run writes
# the JSON lines to $OUT/probe.jsonl and the whole log to $OUT/probe.log. env (run):
# PROBE_TOTAL_S (default 340), PROBE_BATCHES, PROBE_WIDTHS, PROBE_MAX_CHUNK (gpuMachineProbe.mjs).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DIR=$HERE/.gpu-machine
case "${1:-}" in
  prepare)
    PROBE=$(cd "$ROOT/../shared/gpu-probe" 2>/dev/null && pwd || true)
    [ -n "$PROBE" ] || { echo "gpu-machine.sh: ../shared/gpu-probe not found next to the checkout" >&2; exit 2; }
    (cd "$ROOT" && pnpm exec turbo run build --filter @idyn/integrators-gpu... --output-logs=errors-only)
    rm -rf "$DIR"; mkdir -p "$DIR"
    cp -r "$PROBE"/. "$DIR"/
    chmod -R u+w "$DIR"
    cp "$HERE/gpuMachineProbe.mjs" "$DIR/src/probe.mjs"
    # The bench phase may use up to 300 s of the run (the probe's default cap is 240 s).
    sed -i 's/\[ \$t -gt 240 \] \&\& t=240/[ $t -gt 300 ] \&\& t=300/' "$DIR/run.sh"
    MAIN=$ROOT bash "$DIR/src/prepare.sh"
    du -sh "$DIR"
    ;;
  run)
    [ -f "$DIR/probe.cjs" ] || { echo "gpu-machine.sh: run 'prepare' first (no $DIR/probe.cjs)" >&2; exit 2; }
    PROBE_TOTAL_S=${PROBE_TOTAL_S:-340} timeout -k 10 355 bash "$DIR/run.sh"
    ;;
  *)
    echo "usage: bash packages/integrators-gpu/bench/gpu-machine.sh prepare|run" >&2
    exit 2
    ;;
esac
