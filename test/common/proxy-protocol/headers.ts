// PROXY protocol headers as proxies write them, built from the byte layout of haproxy's
// proxy-protocol.txt (section 2.1 for v1, 2.2 for v2), for the parser, reader and end-to-end tests.

/** The 12-byte v2 signature. */
export const V2_SIGNATURE = Buffer.from([
  0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a,
]);

/** A v1 line. */
export function v1(line: string): Buffer {
  return Buffer.from(`${line}\r\n`, 'latin1');
}

function ipv4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

function ipv6Bytes(ip: string): number[] {
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const h = groups(head);
  const t = groups(tail);
  const all = ip.includes('::') ? [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t] : h;
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function port(p: number): number[] {
  return [p >> 8, p & 0xff];
}

/** One TLV: type, 16-bit length, value. */
export function tlv(type: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, value.length >> 8, value.length & 0xff]), value]);
}

/** A v2 header. `family` 0x11 TCP over IPv4, 0x21 TCP over IPv6, 0x00 unspecified. */
export function v2(options: {
  command?: 'PROXY' | 'LOCAL';
  source?: [string, number];
  destination?: [string, number];
  tlvs?: Buffer[];
  family?: number;
  /** Overrides the length field. */
  length?: number;
}): Buffer {
  const command = options.command === 'LOCAL' ? 0x20 : 0x21;
  const [srcIp, srcPort] = options.source ?? ['0.0.0.0', 0];
  const [dstIp, dstPort] = options.destination ?? ['0.0.0.0', 0];
  const v6 = srcIp.includes(':');
  const family = options.family ?? (options.source === undefined ? 0x00 : v6 ? 0x21 : 0x11);
  const address =
    family === 0x00
      ? []
      : v6
        ? [...ipv6Bytes(srcIp), ...ipv6Bytes(dstIp), ...port(srcPort), ...port(dstPort)]
        : [...ipv4Bytes(srcIp), ...ipv4Bytes(dstIp), ...port(srcPort), ...port(dstPort)];
  const body = Buffer.concat([Buffer.from(address), ...(options.tlvs ?? [])]);
  const length = options.length ?? body.length;
  return Buffer.concat([V2_SIGNATURE, Buffer.from([command, family, length >> 8, length & 0xff]), body]);
}
