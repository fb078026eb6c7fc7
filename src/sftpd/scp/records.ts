/**
 * The records of the SCP protocol (it has no formal specification; this follows what OpenSSH's `scp`
 * sends and accepts). Each record is one line:
 *
 * - `Cmmmm <size> <name>`: a file with mode `mmmm` (four octal digits) and `size` bytes, which follow
 *   the acknowledgement of the record, then one status byte;
 * - `Dmmmm 0 <name>`: a directory starts; its entries follow until `E`;
 * - `E`: the current directory ends;
 * - `T<mtime> <usec> <atime> <usec>`: times (seconds since the epoch) of the next `C` or `D` (`-p`);
 * - `\x01<text>` (a warning) or `\x02<text>` (a fatal error), also used as a negative acknowledgement.
 *
 * A single `\0` byte acknowledges a record or a file's data.
 */
import { ScpProtocolError } from './errors.js';

/** One parsed record. */
export type ScpRecord =
  | { readonly kind: 'file'; readonly mode: number; readonly size: number; readonly name: string }
  | { readonly kind: 'dir'; readonly mode: number; readonly name: string }
  | { readonly kind: 'end' }
  | { readonly kind: 'times'; readonly mtime: number; readonly atime: number }
  | { readonly kind: 'warning' | 'error'; readonly message: string };

/** The acknowledgement byte. */
export const ACK = Buffer.from([0]);
export const WARNING_BYTE = 0x01;
export const ERROR_BYTE = 0x02;

const ENTRY = /^([CD])([0-7]{4}) (\d+) (.+)$/s;
const TIMES = /^T(\d+) (\d{1,6}) (\d+) (\d{1,6})$/;

/**
 * Parses one record line (without its newline).
 * @throws {ScpProtocolError} for a malformed record or a name that is not a single path element.
 */
export function parseRecord(line: string): ScpRecord {
  const first = line.charCodeAt(0);
  if (first === WARNING_BYTE || first === ERROR_BYTE) {
    return { kind: first === ERROR_BYTE ? 'error' : 'warning', message: line.slice(1) };
  }
  if (line === 'E') return { kind: 'end' };
  if (line.startsWith('T')) {
    const m = TIMES.exec(line);
    if (m === null) throw new ScpProtocolError(`malformed times record ${JSON.stringify(line)}`);
    return { kind: 'times', mtime: Number(m[1]), atime: Number(m[3]) };
  }
  const m = ENTRY.exec(line);
  if (m === null) throw new ScpProtocolError(`unexpected record ${JSON.stringify(line.slice(0, 80))}`);
  const [, type, modeText, sizeText, name] = m as unknown as [string, string, string, string, string];
  if (name === '.' || name === '..' || name.includes('/')) {
    throw new ScpProtocolError(`unexpected file name ${JSON.stringify(name)}`);
  }
  const mode = Number.parseInt(modeText, 8);
  if (type === 'D') return { kind: 'dir', mode, name };
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new ScpProtocolError(`file size ${sizeText} is too large`);
  return { kind: 'file', mode, size, name };
}

/** The `C` record of a file. */
export function fileRecord(mode: number, size: number, name: string): string {
  return `C${octal(mode)} ${size} ${name}\n`;
}

/** The `D` record of a directory. */
export function dirRecord(mode: number, name: string): string {
  return `D${octal(mode)} 0 ${name}\n`;
}

/** The `T` record for `-p`, whole seconds. */
export function timesRecord(mtime: Date, atime: Date): string {
  return `T${Math.floor(mtime.getTime() / 1000)} 0 ${Math.floor(atime.getTime() / 1000)} 0\n`;
}

/** A warning record: the peer reports it and goes on with the next file. */
export function warningRecord(message: string): Buffer {
  return Buffer.concat([Buffer.from([WARNING_BYTE]), Buffer.from(`${oneLine(message)}\n`)]);
}

/** A fatal error record: the peer reports it and stops. */
export function errorRecord(message: string): Buffer {
  return Buffer.concat([Buffer.from([ERROR_BYTE]), Buffer.from(`${oneLine(message)}\n`)]);
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/** A message must not end the record early. */
function oneLine(message: string): string {
  return message.replace(/[\r\n]+/g, ' ');
}
