import { fileURLToPath } from 'node:url';

/** The repository's root, from the compiled location dist/test/helpers/. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

/** The built `sftpgo` command. */
export const cliPath = `${repoRoot}/dist/src/cli/main.js`;
