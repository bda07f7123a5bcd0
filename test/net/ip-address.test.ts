import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6 } from '../../decoders/net/ip-address';
import { PcapWriter } from '../support/capture-writer';
import { TempCaptures } from '../support/decode-capture';
import { ipv6Packet, LINK, parseIp, udpDatagram } from '../support/packet-builder';
import { runTshark } from '../support/tshark';

const files = new TempCaptures();
afterAll(() => files.dispose());

describe('address text', () => {
  it('prints IPv4 dotted', () => {
    expect(formatIpv4(Uint8Array.of(0, 10, 0, 0, 255), 1)).toBe('10.0.0.255');
  });

  it('prints IPv6 in the RFC 5952 canonical form', () => {
    const cases: [string, string][] = [
      ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
      // §4.2.2: a single zero group is not shortened.
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      // §4.2.3: the longest run, the first when runs tie.
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      // §4.3: lowercase.
      ['2001:DB8::ABCD', '2001:db8::abcd'],
      ['0:0:0:0:0:0:0:0', '::'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['fe80:0:0:0:0:0:0:0', 'fe80::'],
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ];
    for (const [input, canonical] of cases) expect(formatIpv6(parseIp(input), 0)).toBe(canonical);
  });

  it('prints every IPv6 address as tshark does', async () => {
    // Addresses rich in zero groups exercise the run choice; a few thousand in one tshark run.
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
    const addresses = fc
      .sample(fc.array(group, { minLength: 8, maxLength: 8 }), { numRuns: 2000, seed: 5952 })
      .map((groups) => {
        const bytes = new Uint8Array(16);
        groups.forEach((g, i) => new DataView(bytes.buffer).setUint16(2 * i, g));
        return bytes;
      });
    const w = new PcapWriter({ linkType: LINK.RAW });
    const records = addresses.map((src) => {
      const text = formatIpv6(src, 0);
      const ep = { src: text, dst: '::1' };
      return w.record({
        time: 1,
        data: ipv6Packet({
          ...ep,
          nextHeader: 17,
          payload: udpDatagram(ep, { srcPort: 1, dstPort: 2, payload: new Uint8Array(0) }),
        }),
      });
    });
    const path = files.write('addresses.pcap', [w.header(), ...records]);
    const printed = (await runTshark(['-r', path, '-T', 'fields', '-e', 'ipv6.src'])).trim().split('\n');
    expect(printed).toEqual(addresses.map((a) => formatIpv6(a, 0)));
    // The text round-trips: the packets were built from it.
    expect(addresses.map((a) => formatIpv6(parseIp(formatIpv6(a, 0)), 0))).toEqual(printed);
  });
});
