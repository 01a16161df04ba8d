/**
 * Plain-language explanations of every term the pages use, shown in place: each term is an
 * expandable line (`<details>`: works with a mouse, a keyboard and a finger, and a screen reader
 * announces it), and each page opens with two sentences of "what you are looking at" linking to
 * the API reference and MATH.md.
 */
import { h } from './dom.js';

/** Where the mathematics is written (docs/MATH.md, served by the site as math.html). */
export const MATH_URL = './math.html';
/** The API reference (TypeDoc, served under api/). */
export const API_URL = './api/';

/** Each term: the explanation, and the MATH.md section it comes from. */
export const TERMS = {
  D: [
    'The number of trainable parameters θ of the network: one per edge weight and per bias (a shared convolution weight counts once).',
    '1',
  ],
  d: [
    'The number of paths from an input (or a bias) to an output: the coordinates of the path-lifting z = Φ(θ), each the product of the weights along one path.',
    '1',
  ],
  paths: [
    'A path goes from an input (or a bias) through edges to an output. The path-lifting has one coordinate per path; their number is counted exactly without listing them.',
    '1',
  ],
  rank: [
    'rank Dφ: how many independent directions z = φ(θ) can move in, at a random θ (the rank of the Jacobian of the lifting). Computed exactly, modulo a prime.',
    '2',
  ],
  lie: [
    'dim Lie: the dimension of the space spanned by the gradients of the lifting and all their brackets. Every conservation law is orthogonal to it, so laws = D − dim Lie.',
    '2',
  ],
  laws: [
    'A conservation law is a function of θ that stays constant along every gradient flow of every loss that depends on θ only through z = φ(θ). This is how many independent ones exist.',
    '2',
  ],
  frobenius: [
    'The Frobenius property holds when the brackets add nothing (dim Lie = rank Dφ): then the laws are exactly what the Jacobian predicts, and the flow of z can be written in z alone.',
    '3',
  ],
  hv: [
    "h_v = ‖incoming weights of neuron v‖² − ‖outgoing weights‖²: rescaling a ReLU neuron's input weights by c and its output weights by 1/c changes nothing, and h_v is the quantity this symmetry conserves.",
    '1',
  ],
  complete: [
    'Whether the known laws (the h_v, or the Gram differences for linear and attention blocks) already account for all the laws: if yes, there is nothing else conserved.',
    '2',
  ],
  method: [
    'lie-trace: the exact count of the Lie algebra on the listed paths (small networks). rescaling: a structural count of the rescaling symmetries that lists no path, with a proof that it is exact (large or shared networks). closed form: a formula, checked by the exact trace when it is small enough.',
    '7',
  ],
  recoverable: [
    "A point is recoverable when z = φ(θ) (with the laws) determines θ up to the symmetries. Where a neuron's only weight crosses zero it is not, the metric K(z) is not defined by z, and the comparison is judged before that crossing.",
    '3',
  ],
  relaxed: [
    "Relaxed balanced: the layers satisfy U_{i+1}ᵀU_{i+1} − U_iU_iᵀ = λ I. Then the linear network's flow of z is intrinsic with an explicit metric K(z); λ = 0 is the balanced case.",
    '4.3',
  ],
  intrinsic: [
    "The intrinsic flow is the flow of z alone, z' = −K(z)∇f(z), computed without θ. If the dynamics is intrinsic it agrees with φ(θ(t)) of the ordinary gradient flow of θ.",
    '4',
  ],
  deviation: [
    'max over the coordinates of |φ(θ(t)) − z(t)|: how far the intrinsic z-flow is from the lifted θ-flow. At the solver tolerance (about 1e-10) they agree.',
    '5',
  ],
  drift: [
    "|h(θ(t)) − h(θ(0))| along the θ-flow: the laws should not move; what is left is the solver's error.",
    '1',
  ],
  lambda: [
    'λ: the value the relaxed balanced laws take (U_{i+1}ᵀU_{i+1} − U_iU_iᵀ = λ I); on the ensemble page, the value every h_v is set to at the start.',
    '4.3',
  ],
  metric: [
    'M(θ)[G] is how the θ-flow moves z for a loss gradient G (exact, from θ). K(z)[G] is the intrinsic formula from z and λ alone. They are equal when the dynamics is intrinsic.',
    '4.4',
  ],
  arora: [
    "Arora et al.'s formula for balanced deep linear networks (λ = 0); away from balance it is off, which is what the page shows.",
    '4.4',
  ],
  logmean: [
    'The linear neural ODE (a ResNet of infinite depth) has a closed-form metric (a log-mean); the page checks it against a quadrature of the ODE.',
    '4.5',
  ],
  crossing: [
    "A rank drop of z along the flow (for linear networks) or a sign change of a neuron's only weight (ReLU): there z does not determine the metric, so the comparison is judged piece by piece, restarting z from φ(θ) just after.",
    '3',
  ],
  trajectory: [
    'trajectory-steps/s: integration steps per second summed over all flows of the ensemble; how fast a backend integrates.',
    '1',
  ],
  backend: [
    'Where the flows ran: WebGPU (compute shaders), gpu.js on WebGL2 (fragment shaders), both in float32 on the GPU, or the CPU in float64. A software adapter (SwiftShader) is named as a fallback.',
    '1',
  ],
  pathnorm: [
    '‖Φ(θ)‖₁ and ‖Φ(θ)‖₂²: sums over all paths of |product of weights| (squared), computed in one forward pass without listing the paths (Gonon et al.).',
    '1',
  ],
  heads: [
    'Multi-head attention: heads add up, so the laws are the Gram differences of the concatenated W_Q, W_K (and W_O, W_V), including cross-head blocks that couple two heads.',
    '7',
  ],
  shared: [
    'A shared parameter weighs several edges (a convolution kernel entry weighs one edge per position); parameter-free edges (max-pool inputs, skips) carry a fixed weight.',
    '7',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type Term = keyof typeof TERMS;

/** A term with its explanation in place (an expandable line). */
export function term(key: Term, label: string): HTMLElement {
  const [text, section] = TERMS[key];
  return h(
    'details',
    { class: 'term', 'data-term': key },
    h('summary', { title: text }, label),
    h(
      'span',
      { class: 'term-text' },
      `${text} `,
      h(
        'a',
        { href: `${MATH_URL}#s${section.replace('.', '-')}`, target: '_blank', rel: 'noopener' },
        `MATH.md §${section}`,
      ),
    ),
  );
}

/**
 * The heading of a page and its two sentences of "what you are looking at", with links to the API
 * reference and MATH.md. The heading receives the focus after a tab switch.
 */
export function pageIntro(title: string, sentences: string, section: string, api: string): HTMLElement {
  return h(
    'div',
    { class: 'intro' },
    h('h2', { class: 'page-title', tabindex: -1 }, title),
    h(
      'p',
      { class: 'what' },
      `${sentences} `,
      h(
        'a',
        { href: `${MATH_URL}#s${section.replace('.', '-')}`, target: '_blank', rel: 'noopener' },
        `MATH.md §${section}`,
      ),
      ' · ',
      h('a', { href: `${API_URL}${api}`, target: '_blank', rel: 'noopener' }, 'API reference'),
    ),
  );
}
