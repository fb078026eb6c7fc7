// The "crypt" flavour of base64 used by md5crypt, apr1 and sha-crypt: its own alphabet, each group of
// three digest bytes taken in an order that the format fixes, written least significant six bits first.

const alphabet = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Characters allowed in a crypt checksum (and in the salts that real tools generate). */
export const cryptBase64Chars = /^[./0-9A-Za-z]*$/;

/**
 * One output group: the positions of the high, middle and low digest bytes (-1 stands for a zero byte)
 * and how many characters of the 24-bit value to write.
 */
export type CryptByteGroup = readonly [high: number, middle: number, low: number, chars: number];

function byteAt(digest: Uint8Array, index: number): number {
  return index < 0 ? 0 : (digest[index] ?? 0);
}

/** Encodes `digest` group by group, in the byte order the format's table gives. */
export function encodeCryptBase64(digest: Uint8Array, groups: readonly CryptByteGroup[]): string {
  let out = '';
  for (const [high, middle, low, chars] of groups) {
    let value = (byteAt(digest, high) << 16) | (byteAt(digest, middle) << 8) | byteAt(digest, low);
    for (let i = 0; i < chars; i++) {
      out += alphabet[value & 0x3f];
      value >>>= 6;
    }
  }
  return out;
}
