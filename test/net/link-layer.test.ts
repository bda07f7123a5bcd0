import { describe, expect, it } from 'vitest';
import { decodeLinkLayer, LinkLayerHeader } from '../../decoders/net/link-layer';
import { concat } from '../support/capture-writer';
import { decodeFrames } from '../support/decode-capture';
import {
  ethernetFrame,
  ipv4Packet,
  ipv6Packet,
  LINK,
  loopFrame,
  nullFrame,
  sll2Frame,
  sllFrame,
} from '../support/packet-builder';

const V4 = ipv4Packet({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: new Uint8Array(8) });
const V6 = ipv6Packet({ src: 'fe80::1', dst: 'fe80::2', nextHeader: 17, payload: new Uint8Array(8) });

function decode(
  linkType: number,
  frame: Uint8Array,
): { outcome: string; network: number; offset: number; problem: string } {
  const out = new LinkLayerHeader();
  const outcome = decodeLinkLayer(linkType, frame, out);
  return { outcome, network: out.network, offset: out.offset, problem: out.problem };
}

describe('link layers', () => {
  const cases: [string, number, Uint8Array, 4 | 6, number][] = [
    ['Ethernet', LINK.ETHERNET, ethernetFrame(V4), 4, 14],
    ['Ethernet with 802.1Q', LINK.ETHERNET, ethernetFrame(V6, [{ tpid: 0x8100, id: 5 }]), 6, 18],
    [
      'Ethernet with QinQ 802.1ad over 802.1Q',
      LINK.ETHERNET,
      ethernetFrame(V4, [
        { tpid: 0x88a8, id: 5 },
        { tpid: 0x8100, id: 6 },
      ]),
      4,
      22,
    ],
    ['Ethernet with the old 0x9100 QinQ tag', LINK.ETHERNET, ethernetFrame(V4, [{ tpid: 0x9100, id: 7 }]), 4, 18],
    ['Linux SLL', LINK.LINUX_SLL, sllFrame(V6), 6, 16],
    ['Linux SLL2', LINK.LINUX_SLL2, sll2Frame(V4), 4, 20],
    ['BSD null, little endian IPv4', LINK.NULL, nullFrame(V4, true), 4, 4],
    ['BSD null, big endian IPv6 (NetBSD 24)', LINK.NULL, nullFrame(V6, false, 24), 6, 4],
    ['BSD null, FreeBSD IPv6 (28)', LINK.NULL, nullFrame(V6, true, 28), 6, 4],
    ['BSD null, Darwin IPv6 (30)', LINK.NULL, nullFrame(V6, true, 30), 6, 4],
    ['OpenBSD loop', LINK.LOOP, loopFrame(V6), 6, 4],
    ['raw IP 101 carrying IPv6', LINK.RAW, V6, 6, 0],
    ['raw IP 12', 12, V4, 4, 0],
    ['raw IP 14', 14, V6, 6, 0],
    ['LINKTYPE_IPV4', LINK.IPV4, V4, 4, 0],
    ['LINKTYPE_IPV6', LINK.IPV6, V6, 6, 0],
  ];
  for (const [name, linkType, frame, network, offset] of cases) {
    it(`finds the IP header of ${name}`, () => {
      expect(decode(linkType, frame)).toMatchObject({ outcome: 'ip', network, offset });
    });
  }

  it('passes over frames of other protocols without a word', () => {
    const arp = concat([ethernetFrame(V4).subarray(0, 12), Uint8Array.of(0x08, 0x06), new Uint8Array(28)]);
    expect(decode(LINK.ETHERNET, arp).outcome).toBe('not-ip');
    expect(decode(LINK.NULL, nullFrame(V4).fill(7, 0, 1)).outcome).toBe('not-ip');
  });

  it('says what is wrong with a cut or malformed link header', () => {
    expect(decode(LINK.ETHERNET, new Uint8Array(10))).toMatchObject({
      outcome: 'malformed',
      problem: 'Ethernet header needs 14 bytes, frame has 10',
    });
    expect(decode(LINK.ETHERNET, ethernetFrame(V4, [{ tpid: 0x8100, id: 1 }]).subarray(0, 16))).toMatchObject({
      outcome: 'malformed',
      problem: 'VLAN tag at offset 12 is cut short',
    });
    const tags = Array.from({ length: 9 }, () => ({ tpid: 0x8100, id: 1 }));
    expect(decode(LINK.ETHERNET, ethernetFrame(V4, tags))).toMatchObject({
      outcome: 'malformed',
      problem: 'more than 8 VLAN tags',
    });
    expect(decode(LINK.LINUX_SLL2, new Uint8Array(19)).problem).toBe('Linux SLL2 header needs 20 bytes, frame has 19');
    expect(decode(LINK.RAW, Uint8Array.of(0x50))).toMatchObject({
      outcome: 'malformed',
      problem: 'raw IP frame has IP version 5',
    });
  });

  it('does not know every link type', () => {
    expect(decode(105, V4).outcome).toBe('unsupported');
  });

  it('notes an unsupported link type once per interface, not once per frame', () => {
    const frames = [1, 2, 3].map((t) => ({ time: t, data: V4 }));
    const { sink } = decodeFrames(frames, 147);
    expect(sink.notes).toEqual([
      {
        frame: 1,
        note: {
          severity: 'warning',
          kind: 'link.unsupported',
          text: 'link type 147 of interface 0 is not decoded',
          field: null,
        },
      },
    ]);
  });

  it('notes a malformed link header on its frame', () => {
    const { sink } = decodeFrames([{ time: 1, data: new Uint8Array(5) }], LINK.ETHERNET);
    expect(sink.notes.map((n) => [n.frame, n.note.kind])).toEqual([[1, 'link.bad-header']]);
  });
});
