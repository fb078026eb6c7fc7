/**
 * Parser of the PROXY protocol header, versions 1 (text) and 2 (binary), as haproxy's
 * proxy-protocol.txt describes it. It works on bytes only, so it can be fed buffers in tests; the
 * socket side lives in `reader.ts`.
 */
import { canonicalIP, formatIP, parseIP } from '../../util/cidr.js';
import { ProxyProtocolError } from './errors.js';

/** An endpoint carried by a header. */
export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
}

/** A complete header. */
export interface ProxyHeader {
  readonly version: 1 | 2;
  /**
   * `PROXY`: relayed connection; `LOCAL`: the proxy's own connection (health check), whose real
   * endpoints are the socket's.
   */
  readonly command: 'PROXY' | 'LOCAL';
  /** The original client, absent for `LOCAL`, `PROXY UNKNOWN` and address families we do not map (unix). */
  readonly source?: ProxyEndpoint;
  readonly destination?: ProxyEndpoint;
  /** Bytes the header takes at the start of the stream. */
  readonly length: number;
}

/** What the first bytes of a stream are. */
export type ParseResult =
  | { readonly kind: 'header'; readonly header: ProxyHeader }
  /** The bytes start like a header; more are needed to tell. */
  | { readonly kind: 'incomplete' }
  /** The stream does not start with a header. */
  | { readonly kind: 'none' };

const V1_PREFIX = Buffer.from('PROXY ', 'ascii');
/** The longest v1 line, CRLF included (proxy-protocol.txt section 2.1). */
export const V1_MAX_LENGTH = 107;
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V2_FIXED_LENGTH = 16;
const V2_ADDRESS_LENGTHS: Readonly<Record<number, number>> = { 1: 12, 2: 36, 3: 216 };

function startsWithPart(data: Buffer, prefix: Buffer): boolean {
  const n = Math.min(data.length, prefix.length);
  return data.subarray(0, n).equals(prefix.subarray(0, n));
}

const invalid = (message: string): ProxyProtocolError => new ProxyProtocolError('invalid', message);

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const V1_IPV4 = /^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/;
const V1_IPV6 = /^[0-9a-fA-F:.]+$/;

function v1Port(text: string): number {
  const port = Number(text);
  if (!DECIMAL.test(text) || port > 65535) throw invalid(`PROXY v1: bad port ${JSON.stringify(text)}`);
  return port;
}

function v1Address(text: string, family: 'TCP4' | 'TCP6'): string {
  // TCP4 takes dotted quads only; TCP6 takes IPv6 text (an IPv4-mapped one reads as its IPv4 address).
  const shapeOk = family === 'TCP4' ? V1_IPV4.test(text) : V1_IPV6.test(text) && text.includes(':');
  const parsed = shapeOk ? parseIP(text) : undefined;
  if (parsed === undefined) throw invalid(`PROXY v1: bad ${family} address ${JSON.stringify(text)}`);
  return formatIP(parsed);
}

function parseV1(data: Buffer): ParseResult {
  const end = data.indexOf('\r\n', 0, 'ascii');
  if (end < 0) {
    if (data.length >= V1_MAX_LENGTH) throw invalid('PROXY v1: no CRLF within 107 bytes');
    // A lone LF or a NUL cannot appear in a valid line: fail now rather than wait for more.
    if (data.includes(0x0a) || data.includes(0x00)) throw invalid('PROXY v1: malformed line');
    return { kind: 'incomplete' };
  }
  const length = end + 2;
  if (length > V1_MAX_LENGTH) throw invalid('PROXY v1: line longer than 107 bytes');
  const fields = data.subarray(0, end).toString('latin1').split(' ');
  const family = fields[1];
  if (family === 'UNKNOWN') {
    // The receiver must ignore whatever follows UNKNOWN (section 2.1).
    return { kind: 'header', header: { version: 1, command: 'PROXY', length } };
  }
  if (family !== 'TCP4' && family !== 'TCP6') {
    throw invalid(`PROXY v1: unknown protocol ${JSON.stringify(family ?? '')}`);
  }
  if (fields.length !== 6) throw invalid('PROXY v1: expected 6 fields separated by single spaces');
  const [, , src, dst, srcPort, dstPort] = fields as [string, string, string, string, string, string];
  return {
    kind: 'header',
    header: {
      version: 1,
      command: 'PROXY',
      source: { ip: v1Address(src, family), port: v1Port(srcPort) },
      destination: { ip: v1Address(dst, family), port: v1Port(dstPort) },
      length,
    },
  };
}

/** Checks that the TLVs after the addresses are well formed; their content is not used. */
function checkTlvs(tlvs: Buffer): void {
  let at = 0;
  while (at < tlvs.length) {
    if (at + 3 > tlvs.length) throw invalid('PROXY v2: truncated TLV header');
    const length = tlvs.readUInt16BE(at + 1);
    at += 3 + length;
    if (at > tlvs.length) throw invalid('PROXY v2: TLV longer than the header');
  }
}

function endpoints(family: number, body: Buffer): Pick<ProxyHeader, 'source' | 'destination'> {
  if (family === 1) {
    return {
      source: { ip: formatIP({ family: 4, bytes: body.subarray(0, 4) }), port: body.readUInt16BE(8) },
      destination: { ip: formatIP({ family: 4, bytes: body.subarray(4, 8) }), port: body.readUInt16BE(10) },
    };
  }
  if (family === 2) {
    return {
      source: {
        ip: canonicalIP(formatIP({ family: 6, bytes: body.subarray(0, 16) })),
        port: body.readUInt16BE(32),
      },
      destination: {
        ip: canonicalIP(formatIP({ family: 6, bytes: body.subarray(16, 32) })),
        port: body.readUInt16BE(34),
      },
    };
  }
  // AF_UNIX endpoints are paths: nothing to use as a client address.
  return {};
}

function parseV2(data: Buffer, maxLength: number): ParseResult {
  if (data.length < V2_FIXED_LENGTH) return { kind: 'incomplete' };
  const verCmd = data[12] as number;
  if (verCmd >> 4 !== 2) throw invalid(`PROXY v2: unsupported version ${verCmd >> 4}`);
  const command = verCmd & 0x0f;
  if (command > 1) throw invalid(`PROXY v2: unknown command ${command}`);
  const famProto = data[13] as number;
  const family = famProto >> 4;
  const transport = famProto & 0x0f;
  if (family > 3 || transport > 2)
    throw invalid(`PROXY v2: unknown address family 0x${famProto.toString(16)}`);
  const bodyLength = data.readUInt16BE(14);
  const length = V2_FIXED_LENGTH + bodyLength;
  if (length > maxLength) {
    throw new ProxyProtocolError(
      'too_large',
      `PROXY v2: header of ${length} bytes is above the limit of ${maxLength}`,
    );
  }
  if (data.length < length) return { kind: 'incomplete' };
  const body = data.subarray(V2_FIXED_LENGTH, length);
  if (command === 0) {
    // LOCAL: the proxy speaks for itself; the address block and TLVs are skipped unread.
    return { kind: 'header', header: { version: 2, command: 'LOCAL', length } };
  }
  const addressLength = V2_ADDRESS_LENGTHS[family] ?? 0;
  if (body.length < addressLength) throw invalid('PROXY v2: address block shorter than its family needs');
  checkTlvs(body.subarray(addressLength));
  return { kind: 'header', header: { version: 2, command: 'PROXY', ...endpoints(family, body), length } };
}

/**
 * Looks at the first bytes of a stream.
 * @param maxLength the largest header accepted, in bytes (at least {@link V1_MAX_LENGTH} is sensible).
 * @throws {ProxyProtocolError} `invalid` for a malformed header, `too_large` for a v2 header whose
 *   announced length passes `maxLength`.
 */
export function parseProxyHeader(data: Buffer, maxLength: number): ParseResult {
  if (data.length === 0) return { kind: 'incomplete' };
  if (startsWithPart(data, V2_SIGNATURE)) {
    return data.length < V2_SIGNATURE.length ? { kind: 'incomplete' } : parseV2(data, maxLength);
  }
  if (startsWithPart(data, V1_PREFIX)) {
    return data.length < V1_PREFIX.length ? { kind: 'incomplete' } : parseV1(data);
  }
  return { kind: 'none' };
}
