#!/usr/bin/env node
import { EXIT_INTERNAL } from './internal/errors.js';
import { main } from './main.js';

// A closed pipe (idyn tour | head) ends the output quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main reports every error itself; reaching here is a bug.
    process.stderr.write(
      `idyn: internal error (a bug in idyn, please report it): ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = EXIT_INTERNAL;
  },
);
