// Runs in a scratch project outside the workspace, against the installed tarballs only: builds a
// DAG with skip connections, counts its conservation laws exactly, and integrates its gradient flow
// on a small data set, checking the rescaling laws are conserved. Exits non-zero on any mismatch.
import { readFileSync } from 'node:fs';
import { countLaws } from '@idyn/conservation';
import { forward, initGaussian, mseGradient, parseNetwork, rescalingLaws } from '@idyn/graph';
import { gradientFlow } from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import { pathLifting } from '@idyn/lifting';
import { importOnnx } from '@idyn/onnx';
import { importOnnxFile } from '@idyn/onnx/node';

const net = parseNetwork('dense:2-3-3-1');
const lifting = pathLifting(net);
const counted = countLaws(lifting, { mode: 'blind' });
const hidden = net.lawNodes.length;
if (counted.laws !== hidden || !counted.frobenius) {
  throw new Error(
    `countLaws: expected ${hidden} laws with Frobenius, got ${counted.laws} (frobenius ${counted.frobenius})`,
  );
}

const rng = createRng(5);
const batch = 16;
const X = rng.normals(batch * net.inputs.length);
const Y = rng.normals(batch * net.outputs.length);
const theta0 = initGaussian(net, { seed: 3 });
const loss = (theta, gradient) => {
  const r = mseGradient(net, theta, X, Y, batch);
  gradient.set(r.gradTheta);
  return r.loss;
};
const flow = gradientFlow(loss, theta0, {
  tEnd: 1,
  rtol: 1e-10,
  atol: 1e-12,
  laws: (theta) => rescalingLaws(net, theta),
});
if (flow.status !== 'success') throw new Error(`gradientFlow: status ${flow.status}: ${flow.message}`);
if (!(flow.maxLawDrift < 1e-7)) throw new Error(`gradientFlow: law drift ${flow.maxLawDrift} exceeds 1e-7`);
const out = forward(net, flow.y.subarray(flow.y.length - net.D), X, batch).outputs;
if (!out.every(Number.isFinite)) throw new Error('forward: non-finite outputs after the flow');
console.log(
  `dense:2-3-3-1: D = ${net.D}, ${counted.laws} laws (${hidden} hidden neurons), loss ${flow.loss[0].toFixed(4)} -> ${flow.loss[flow.loss.length - 1].toFixed(4)}, max law drift ${flow.maxLawDrift.toExponential(1)}`,
);

// @idyn/onnx: a PyTorch-exported 4-8-6-3 MLP through both entry points, then its laws and forward pass
const imported = importOnnxFile('mlp.onnx');
const again = importOnnx(readFileSync('mlp.onnx'));
if (imported.report.parameters.D !== 115 || again.spec.theta.length !== 115) {
  throw new Error(`importOnnx: expected D = 115, got ${imported.report.parameters.D}`);
}
if (imported.report.paths.total !== 741n)
  throw new Error(`importOnnx: expected 741 paths, got ${imported.report.paths.total}`);
const onnxLaws = countLaws(pathLifting(imported.network), { mode: 'blind' });
if (onnxLaws.laws !== 14)
  throw new Error(`countLaws on the imported MLP: expected 14 laws, got ${onnxLaws.laws}`);
const y = forward(imported.network, imported.spec.theta, new Float64Array([1, 2, 3, 4]), 1).outputs;
if (y.length !== 3 || !y.every(Number.isFinite)) throw new Error('forward of the imported MLP failed');
console.log(
  `mlp.onnx: D = ${imported.report.parameters.D}, ${imported.report.paths.total} paths, ${onnxLaws.laws} laws`,
);
