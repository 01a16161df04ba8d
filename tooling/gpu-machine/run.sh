#!/bin/bash
# One entry point for the GPU-machine benchmark of @idyn/integrators-gpu (gpu.js, headless-gl) and
# @idyn/integrators-webgpu (WGSL, Dawn), against the CPU float64 backend on one thread and on all
# cores of that machine. See docs/gpu-machine.md.
#
#   bash tooling/gpu-machine/run.sh prepare   here, on the bootstrapped checkout (a few minutes):
#                                             fills .gpu-machine/ (git-ignored) and checks that it
#                                             and the working tree fit the device tool's 64 MiB
#   bash tooling/gpu-machine/run.sh size      the size check alone
#   bash tooling/gpu-machine/run.sh run       there (device run tool, carry [".gpu-machine"],
#                                             timeout_s 420): ≤ 330 s; summary.json, summary.md,
#                                             bench.jsonl and run.log in $OUT
#
# The machine has no Node, no X server and no registry: .gpu-machine/ carries Node (xz), the bench
# bundled into one file (bench.mjs.xz, from bench.ts), gl's addon, Dawn's dawn.node, the GL and
# Vulkan loader .debs (unpacked to / only where the library is missing) and Xvfb with Mesa
# (prefix.tar.xz, unpacked to a private prefix): gpu.js reaches the NVIDIA GPU through Xvfb and __GLX_VENDOR_LIBRARY_NAME=nvidia,
# Dawn through NVIDIA's Vulkan ICD. Without a GPU (here) `run` runs the CPU phase, finds no NVIDIA
# renderer and no WebGPU adapter, writes the summary and exits 3 naming what is missing.
#
# env (run): GPU_MACHINE_TOTAL_S (default 330), GPU_MACHINE_BUNDLE (default .gpu-machine).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUNDLE=${GPU_MACHINE_BUNDLE:-$ROOT/.gpu-machine}
LIMIT_BYTES=$((64 * 1024 * 1024))
ARCH=x86_64-linux-gnu
# Loaders unpacked to / on the machine (the device README's list), when missing there.
ROOT_PKGS="libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2"
# Xvfb, Mesa (its swrast driver backs Xvfb's GLX) and their libraries, unpacked to a prefix.
PREFIX_PKGS="xvfb x11-xkb-utils xkb-data libgl1-mesa-dri libglx-mesa0 libglapi-mesa libllvm15
 libaudit1 libbrotli1 libbsd0 libbz2-1.0 libcap-ng0 libcap2 libdrm-amdgpu1 libdrm-intel1
 libdrm-nouveau2 libdrm-radeon1 libdrm2 libedit2 libelf1 libexpat1 libffi8 libfontenc1
 libfreetype6 libgcrypt20 libgpg-error0 liblz4-1 liblzma5 libmd0 libpciaccess0 libpcre2-8-0
 libpixman-1-0 libpng16-16 libselinux1 libsensors5 libsystemd0 libtinfo6 libunwind8 libx11-6
 libx11-xcb1 libxau6 libxcb-dri2-0 libxcb-dri3-0 libxcb-glx0 libxcb-present0 libxcb-randr0
 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb1 libxdmcp6 libxext6 libxfixes3 libxfont2
 libxkbfile1 libxshmfence1 libxxf86vm1 libzstd1 zlib1g"

usage() {
  echo "usage: bash tooling/gpu-machine/run.sh prepare|size|run" >&2
  exit 2
}

# Bytes that travel to the device: tracked and untracked-not-ignored files, plus the bundle.
size_check() {
  local tree bundle total
  tree=$(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 stat -c %s 2>/dev/null | awk '{s += $1} END {print s + 0}')
  bundle=$(du -sb "$BUNDLE" 2>/dev/null | cut -f1)
  bundle=${bundle:-0}
  total=$((tree + bundle))
  printf 'working tree %.1f MiB + .gpu-machine %.1f MiB = %.1f MiB (limit 64 MiB, 1 of 8 carried paths)\n' \
    "$(echo "$tree / 1048576" | bc -l)" "$(echo "$bundle / 1048576" | bc -l)" "$(echo "$total / 1048576" | bc -l)"
  if [ "$total" -gt "$LIMIT_BYTES" ]; then
    echo "gpu-machine: over the device tool's 64 MiB: the run would be refused" >&2
    return 1
  fi
}

prepare() {
  set -euo pipefail
  for c in node apt-get dpkg-deb xz strip gcc git bc; do
    command -v "$c" >/dev/null || { echo "gpu-machine prepare: needs $c" >&2; exit 2; }
  done
  [ -d "$ROOT/node_modules" ] || { echo "gpu-machine prepare: run bash tooling/scripts/bootstrap.sh first" >&2; exit 2; }
  local T=${TMPDIR:-/tmp}/idyn-gpu-machine-prepare
  rm -rf "$T" "$BUNDLE"
  mkdir -p "$T/dl" "$T/amd64/partial" "$T/prefix" "$BUNDLE/debs"
  echo "== bench bundle"
  node "$HERE/bundle.mjs" "$T/bench.mjs"
  xz -T0 -9e -c "$T/bench.mjs" >"$BUNDLE/bench.mjs.xz"
  echo "== native addons"
  local gl dawn
  gl=$(cd "$ROOT" && node -e "const fs=require('fs'),p=require('path');const g=fs.realpathSync('packages/integrators-gpu/node_modules/gpu.js');console.log(p.join(g,'../gl/build/Release/webgl.node'))")
  dawn=$(readlink -f "$ROOT/packages/integrators-webgpu/node_modules/webgpu/dist/linux-x64/dawn.node")
  xz -T0 --x86 --lzma2=preset=9e -c "$gl" >"$BUNDLE/webgl.node.xz"
  xz -T0 --x86 --lzma2=preset=9e -c "$dawn" >"$BUNDLE/dawn.node.xz"
  echo "== node $(node --version) (stripped, xz)"
  strip -o "$T/node" "$(command -v node)"
  xz -T0 --x86 --lzma2=preset=9e,dict=128MiB -c "$T/node" >"$BUNDLE/node.xz"
  echo "== GL/Vulkan loader .debs; Xvfb and Mesa as one prefix archive"
  local o="-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=$T/amd64"
  # shellcheck disable=SC2086
  apt-get $o update >/dev/null
  # shellcheck disable=SC2086
  (cd "$T/dl" && apt-get $o download $ROOT_PKGS $PREFIX_PKGS >/dev/null 2>&1)
  repack() { # deb outdir: without docs and manpages, xz -9e
    local d="$T/x/$(basename "$1" .deb)"
    rm -rf "$d"; mkdir -p "$d"
    dpkg-deb -R "$1" "$d"
    rm -rf "$d"/usr/share/doc "$d"/usr/share/man "$d"/usr/share/lintian "$d"/usr/share/bug "$d"/DEBIAN/md5sums
    dpkg-deb -Zxz -z9 -Sextreme --root-owner-group -b "$d" "$2/$(basename "$1")" >/dev/null
  }
  local p
  for p in $ROOT_PKGS; do repack "$T"/dl/"${p}"_*.deb "$BUNDLE/debs"; done
  # The prefix as one solid archive with xz's x86 filter (a quarter smaller than the .debs: the
  # 100 MB of libLLVM and Mesa's megadriver are machine code).
  for p in $PREFIX_PKGS; do dpkg-deb -x "$T"/dl/"${p}"_*.deb "$T/prefix"; done
  rm -rf "$T"/prefix/usr/share/doc "$T"/prefix/usr/share/man "$T"/prefix/usr/share/lintian "$T"/prefix/usr/share/bug
  # libLLVM-15 links libz3 and libxml2 (17 MB of .debs for code Mesa never calls): stubs with the
  # same sonames and the imported symbols (any call aborts).
  local S="$T/stub" n
  for n in z3 xml2; do mkdir -p "$S/$n/usr/lib/$ARCH"; done
  gcc -shared -fPIC -O1 -s -Wl,-soname,libz3.so.4 -o "$S/z3/usr/lib/$ARCH/libz3.so.4" "$HERE/stubs/z3stub.c"
  gcc -shared -fPIC -O1 -s -Wl,-soname,libxml2.so.2 -Wl,--version-script="$HERE/stubs/xml2.map" \
    -o "$S/xml2/usr/lib/$ARCH/libxml2.so.2" "$HERE/stubs/xml2stub.c"
  cp "$S/z3/usr/lib/$ARCH/libz3.so.4" "$S/xml2/usr/lib/$ARCH/libxml2.so.2" "$T/prefix/usr/lib/$ARCH/"
  tar -C "$T/prefix" --owner=0 --group=0 -cf - . | xz -T0 --x86 --lzma2=preset=9e,dict=128MiB >"$BUNDLE/prefix.tar.xz"
  # The micro-benchmark that crashed Dawn at B = 65536 (README of @idyn/integrators-webgpu), when
  # ../shared has it: rerun at the end if time is left, to capture Dawn's messages.
  local micro="$ROOT/../shared/gpu-probe/webgpu/wgpu-micro.cjs"
  [ -f "$micro" ] && cp "$micro" "$BUNDLE/"
  printf '{ "commit": "%s", "prepared": "%s", "node": "%s" }\n' "$(cd "$ROOT" && git rev-parse HEAD)" \
    "$(date -u +%FT%TZ)" "$(node --version)" >"$BUNDLE/manifest.json"
  rm -rf "$T"
  du -sh "$BUNDLE"/* | cat
  size_check
  echo "prepared $BUNDLE: run it with the device tool, carry [\".gpu-machine\"], command"
  echo "  bash tooling/gpu-machine/run.sh run"
}

# --- run (on the GPU machine; here it is the CPU-only path) ---------------------------------

W=/tmp/idyn-gpu-machine
JSONL=$W/bench.jsonl
phase() { echo; echo "=== [+${SECONDS}s] $*"; }
left() { echo $((TOTAL - SECONDS)); }
note() { # kind reason: a JSON line for the summary
  printf '{"kind":"%s","reason":"%s"}\n' "$1" "$(printf '%s' "$2" | tr -d '"\\\n')" >>"$JSONL"
  echo "$1: $2"
}
unxz_to() { # src dest (python's lzma where xz is missing)
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else
    python3 -c 'import lzma,sys; open(sys.argv[2],"wb").write(lzma.open(sys.argv[1]).read())' "$1" "$2"
  fi
}
deb_x() { # deb dest (python where dpkg-deb is missing)
  if command -v dpkg-deb >/dev/null; then dpkg-deb -x "$1" "$2"; else
    python3 - "$1" "$2" <<'PY'
import io, sys, tarfile
data = open(sys.argv[1], 'rb').read()
off = 8
while off < len(data):
    name = data[off:off + 16].decode().strip().rstrip('/')
    size = int(data[off + 48:off + 58]); off += 60
    body = data[off:off + size]; off += size + (size & 1)
    if name.startswith('data.tar'):
        tarfile.open(fileobj=io.BytesIO(body)).extractall(sys.argv[2])
PY
  fi
}
bench() { # timeout env... -- args: one phase, JSON lines to $JSONL
  local t=$1; shift
  local envv=()
  while [ "$1" != -- ]; do envv+=("$1"); shift; done
  shift
  echo "+ timeout $t node bench.mjs $*"
  env "${envv[@]}" timeout -k 5 "$t" "$NODE" "$W/bench.mjs" "$@" 2>"$W/stderr.log" | tee -a "$JSONL"
  local rc=${PIPESTATUS[0]}
  tail -5 "$W/stderr.log" | sed 's/^/  stderr| /'
  echo "(rc $rc)"
  [ "$rc" = 124 ] || [ "$rc" = 137 ] && note phase-failed "bench.mjs $* ran past its ${t} s"
  return "$rc"
}

run_main() {
  phase "machine"
  uname -m; grep -E '^PRETTY_NAME=' /etc/os-release 2>/dev/null; echo "nproc $(nproc)"
  local nvidia=0 smi
  if smi=$(timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1); then
    nvidia=1
    echo "nvidia-smi: $smi"
    printf '{"kind":"nvidia","gpu":"%s"}\n' "$(printf '%s' "$smi" | head -1 | tr -d '"\\')" >>"$JSONL"
  else
    note gpu-missing "nvidia-smi found no NVIDIA GPU ($(printf '%s' "$smi" | head -1))"
  fi

  phase "unpack node, addons, .debs"
  unxz_to "$BUNDLE/node.xz" "$W/node" && chmod +x "$W/node"
  NODE=$W/node
  "$NODE" --version || { echo "FATAL: the carried node does not run here"; return 1; }
  unxz_to "$BUNDLE/webgl.node.xz" "$W/webgl.node"
  unxz_to "$BUNDLE/dawn.node.xz" "$W/dawn.node"
  unxz_to "$BUNDLE/bench.mjs.xz" "$W/bench.mjs"
  local f lib
  for f in "$BUNDLE"/debs/*.deb; do
    lib=$(basename "$f" | cut -d_ -f1)
    case $lib in
      libvulkan1) lib=libvulkan.so.1 ;; libegl1) lib=libEGL.so.1 ;; libglvnd0) lib=libGLdispatch.so.0 ;;
      libopengl0) lib=libOpenGL.so.0 ;; libgl1) lib=libGL.so.1 ;; libglx0) lib=libGLX.so.0 ;; libgles2) lib=libGLESv2.so.2 ;;
    esac
    if ldconfig -p 2>/dev/null | grep -q "$lib "; then echo "present: $lib"; else deb_x "$f" / && echo "unpacked to /: $(basename "$f")"; fi
  done
  ldconfig 2>/dev/null
  local P=$W/root
  mkdir -p "$P"
  if command -v xz >/dev/null && command -v tar >/dev/null; then xz -dc "$BUNDLE/prefix.tar.xz" | tar -C "$P" -xf -; else
    python3 -c 'import sys,tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' "$BUNDLE/prefix.tar.xz" "$P"
  fi || echo "FAILED: prefix.tar.xz"
  local LIBS=$P/usr/lib/$ARCH:$P/lib/$ARCH
  # Xvfb loads its GLX driver from the compiled-in /usr/lib/$ARCH/dri and runs /usr/bin/xkbcomp.
  local XLIBS=$LIBS
  if [ -e /usr/lib/$ARCH/dri/swrast_dri.so ] && [ ! -L /usr/lib/$ARCH/dri/swrast_dri.so ]; then
    echo "system Mesa present: Xvfb uses it (our libraries minus Mesa's version-locked ones)"
    mkdir -p "$W/xlib"
    for f in "$P"/usr/lib/$ARCH/* "$P"/lib/$ARCH/*; do
      case "$(basename "$f")" in libglapi* | libGLX_mesa* | libLLVM*) ;; *) ln -sf "$f" "$W/xlib/" ;; esac
    done
    XLIBS=$W/xlib
  else
    mkdir -p /usr/lib/$ARCH/dri && ln -sf "$P/usr/lib/$ARCH/dri/swrast_dri.so" /usr/lib/$ARCH/dri/swrast_dri.so
  fi
  [ -x /usr/bin/xkbcomp ] || ln -sf "$P/usr/bin/xkbcomp" /usr/bin/xkbcomp

  phase "CPU baselines: one thread, all cores ($(left) s left)"
  bench 100 -- cpu

  phase "Xvfb"
  local d
  for d in 99 98 97 96 95; do [ -e /tmp/.X$d-lock ] || [ -e /tmp/.X11-unix/X$d ] || break; done
  export DISPLAY=:$d
  LD_LIBRARY_PATH=$XLIBS "$P/usr/bin/Xvfb" "$DISPLAY" -screen 0 1280x1024x24 -nolisten tcp -noreset \
    +extension GLX -xkbdir "$P/usr/share/X11/xkb" >"$W/xvfb.log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 1 40); do [ -S /tmp/.X11-unix/X$d ] && break; kill -0 $XVFB_PID 2>/dev/null || break; sleep 0.25; done
  [ -S /tmp/.X11-unix/X$d ] && echo "Xvfb on $DISPLAY" || note phase-failed "Xvfb did not start (see xvfb.log)"
  export GL_NODE_PATH=$W/webgl.node
  local NV_ENV=(__GLX_VENDOR_LIBRARY_NAME=nvidia LD_LIBRARY_PATH=/usr/local/nvidia/lib64:/usr/local/nvidia/lib:$LIBS)
  local MESA_ENV=(__GLX_VENDOR_LIBRARY_NAME=mesa LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe
    LIBGL_DRIVERS_PATH=$P/usr/lib/$ARCH/dri LD_LIBRARY_PATH=$LIBS)

  phase "gpu.js on headless-gl ($(left) s left)"
  if [ $nvidia = 1 ] && bench 60 "${NV_ENV[@]}" -- gl-renderer; then
    local t=$(($(left) - 130)); [ $t -gt 170 ] && t=170
    bench $((t + 15)) "${NV_ENV[@]}" BUDGET_S=$t -- gl
  else
    echo "no NVIDIA GL renderer; what GL there is (Mesa):"
    bench 60 "${MESA_ENV[@]}" -- gl-renderer
    note gl-skipped "no NVIDIA GL renderer through Xvfb (gpu.js GPU cases not run)"
  fi
  kill $XVFB_PID 2>/dev/null; wait $XVFB_PID 2>/dev/null

  phase "WebGPU on Dawn ($(left) s left)"
  local ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  [ -f $ICD ] && export VK_DRIVER_FILES=$ICD
  echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-(unset: the default search of the loader)}"
  local B rc
  for B in 16384 65536; do
    t=$((($(left) - 15) / (B == 16384 ? 2 : 1))); [ $t -gt 150 ] && t=150
    if [ $t -lt 20 ]; then note webgpu-skipped "no time left for B = $B"; continue; fi
    bench $((t + 10)) DAWN_NODE="$W/dawn.node" BUDGET_S=$t -- webgpu $B
    rc=$?
    if [ $rc = 3 ] && [ -n "${VK_DRIVER_FILES:-}" ]; then
      echo "no adapter with VK_DRIVER_FILES: again with the loader's default search"
      unset VK_DRIVER_FILES
      bench $((t + 10)) DAWN_NODE="$W/dawn.node" BUDGET_S=$t -- webgpu $B
      rc=$?
    fi
    [ $rc = 3 ] && break # no adapter: the larger batch would say the same
  done
  if [ -f "$BUNDLE/wgpu-micro.cjs" ] && [ "$(left)" -gt 45 ] && [ "${rc:-3}" != 3 ]; then
    phase "gpu-probe micro-benchmark at B = 65536 (crashed Dawn before): rc and last lines"
    DAWN_NODE=$W/dawn.node timeout 30 "$NODE" "$BUNDLE/wgpu-micro.cjs" --label=micro 2>&1 | tail -8
    echo "(micro rc ${PIPESTATUS[0]}; 139 = SIGSEGV)"
  fi

  phase "summary ($(left) s left)"
  "$NODE" "$W/bench.mjs" summary "$JSONL" "$OUTDIR"
  cp "$JSONL" "$OUTDIR/bench.jsonl"
  cp "$W/xvfb.log" "$OUTDIR/xvfb.log" 2>/dev/null
  if grep -q '"gpu": true' "$OUTDIR/summary.json"; then
    echo "done in ${SECONDS} s: GPU figures in $OUTDIR/summary.md"
    return 0
  fi
  echo "gpu-machine: no GPU figures: $(grep -h '"reason"' "$JSONL" | sed 's/.*"reason":"\([^"]*\)".*/\1/' | head -3 | tr '\n' ';')" >&2
  return 3
}

run() {
  [ -f "$BUNDLE/bench.mjs.xz" ] || { echo "gpu-machine run: no $BUNDLE/bench.mjs.xz: run 'prepare' here first and carry .gpu-machine" >&2; exit 2; }
  TOTAL=${GPU_MACHINE_TOTAL_S:-330}
  OUTDIR=${OUT:-$W/out}
  rm -rf "$W"; mkdir -p "$W" "$OUTDIR"
  run_main 2>&1 | tee "$OUTDIR/run.log"
  exit "${PIPESTATUS[0]}"
}

case "${1:-}" in
  prepare) prepare ;;
  size) size_check ;;
  run) run ;;
  *) usage ;;
esac
