import type { Command } from '../internal/command.js';
import { lawsCommand } from './laws.js';
import { liftCommand } from './lift.js';
import { checkCommand } from './check.js';
import { linearCommand } from './linear.js';
import { odeCommand } from './ode.js';
import { flowCommand } from './flow.js';
import { ensembleCommand } from './ensemble.js';
import { tourCommand } from './tour.js';
import { importCommand } from './import.js';
import { sweepCommand } from './sweep.js';
import { workerCommand } from './worker.js';

/** Every sub-command, in the order of `idyn --help`. */
export const COMMANDS: readonly Command[] = [
  lawsCommand,
  liftCommand,
  checkCommand,
  flowCommand,
  linearCommand,
  odeCommand,
  ensembleCommand,
  importCommand,
  tourCommand,
  sweepCommand,
  workerCommand,
];
