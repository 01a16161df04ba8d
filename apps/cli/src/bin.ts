#!/usr/bin/env node
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
    process.stderr.write(`idyn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
