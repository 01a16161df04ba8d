import type { RecoveryStats } from '../IntrinsicModel.js';

export function emptyStats(): RecoveryStats {
  return {
    recoveries: 0,
    fibreIterations: 0,
    splits: 0,
    newtonIterations: 0,
    maxNewtonIterations: 0,
    maxFibreResidual: 0,
    maxLawResidual: 0,
  };
}

export function clearStats(s: RecoveryStats): void {
  Object.assign(s, emptyStats());
}
