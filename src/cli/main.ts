#!/usr/bin/env node
import { InvalidArgumentError } from 'commander';
import { exitCodes } from './exit-codes.js';
import { buildProgram } from './program.js';

try {
  await buildProgram(process.env).parseAsync(process.argv);
} catch (err) {
  if (err instanceof InvalidArgumentError) {
    process.stderr.write(`sftpgo: ${err.message}\n`);
    process.exitCode = exitCodes.usage;
  } else {
    throw err;
  }
}
