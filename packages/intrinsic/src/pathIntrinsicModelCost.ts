import type { Network } from '@idyn/graph';
import { pathLiftingCost } from '@idyn/lifting';
import type { CostEstimate } from '@idyn/linalg';

/**
 * The cost of {@link pathIntrinsicModel} before it builds anything: the path-lifting (see
 * `pathLiftingCost`) plus the recoverability test at theta0, a dense Householder QR of the stacked
 * Jacobian [DPhi; Dh] ((d + H) × D float64, two copies; 2 (d + H) D² multiply-adds at ~1 ns).
 *
 * @param net - a validated network of `@idyn/graph`
 * @returns the estimate (`task` 'pathIntrinsicModel'); `sizes` D, d (paths), H (hidden neurons)
 * @throws TypeError if `net` is not a network
 * @example
 * pathIntrinsicModelCost(parseNetwork('relu:50-50-50')).memoryBytes; // ~1e10: refused by default
 * @see README (budgets)
 */
export function pathIntrinsicModelCost(net: Network): CostEstimate {
  const lift = pathLiftingCost(net);
  const d = lift.sizes.paths as number;
  const D = net.D;
  const H = net.lawNodes.length;
  const rows = d + H;
  return {
    task: 'pathIntrinsicModel',
    action: 'building the intrinsic metric of the path-lifting',
    memoryBytes: lift.memoryBytes + 2 * 8 * rows * D,
    work: lift.work + 2 * rows * D * D,
    sizes: { D, d, H },
  };
}
