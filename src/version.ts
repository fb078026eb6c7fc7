import { readFileSync } from 'node:fs';

interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

// The package.json sits two levels above the compiled file (dist/src/version.js) and above the
// source file's folder's parent (src/version.ts is compiled, never run directly).
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageInfo;

/** The server's version, as published in package.json. */
export const version: string = pkg.version;

/** The identification used in banners and logs, as SFTPGo's `SFTPGo_<version>`. */
export const serverIdent = `SFTPGo_${version}`;
