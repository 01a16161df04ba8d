#!/usr/bin/env bash
# The README's test command (after bootstrap): lint, typecheck, layer check, every vitest suite
# through turbo under xvfb-run (headless-gl needs an X display), the browser tests, the packaging
# test; then one closing line `tests: N passed, N failed` summed over everything.
set -uo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1
results=.idyn/results
rm -rf "$results"; mkdir -p "$results"
find packages apps tooling -maxdepth 2 -name .vitest-report.json -delete 2>/dev/null

record() { # name passed failed
  printf '{ "name": "%s", "passed": %d, "failed": %d }\n' "$1" "$2" "$3" > "$results/$1.json"
}
step() { # name command...
  local name=$1; shift
  echo "== $name"
  if "$@"; then record "$name" 1 0; else echo "== $name FAILED"; record "$name" 0 1; fi
}

step lint pnpm exec biome check --diagnostic-level=error .
step typecheck pnpm exec turbo run typecheck --continue --output-logs=errors-only
step layers node tooling/scripts/check-layers.mjs
step docs node tooling/scripts/check-docs.mjs

echo "== vitest suites (turbo, under xvfb-run)"
suites=()
for d in packages/* apps/* tooling/scripts; do
  [ -f "$d/package.json" ] && grep -q '"test"' "$d/package.json" && suites+=("$d")
done
xvfb-run -a -s "-screen 0 1280x1024x24" pnpm exec turbo run test --concurrency=1 --continue --output-logs=new-only \
  || echo "== some vitest suites failed"

# The TypeDoc API reference goes into the site (served under /api/) before the site is built.
step api-docs pnpm exec typedoc --logLevel Error

if [ -f apps/site/e2e/run.mjs ]; then
  echo "== browser tests"
  node apps/site/e2e/run.mjs || echo "== browser tests failed"
fi
if [ -f packages/integrators-webgpu/test/browser/run.mjs ]; then
  echo "== WebGPU browser tests (headless Chromium, SwiftShader)"
  node packages/integrators-webgpu/test/browser/run.mjs || echo "== WebGPU browser tests failed"
  [ -f "$results/webgpu-browser.json" ] || record webgpu-browser 0 1
fi
if [ -f tooling/scripts/pack-test.mjs ]; then
  echo "== packaging test"
  node tooling/scripts/pack-test.mjs || echo "== packaging test failed"
fi

node tooling/scripts/test-summary.mjs "${suites[@]}"
