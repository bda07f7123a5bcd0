import { decodeLinkLayer, LinkLayerHeader } from '../../../decoders/net/link-layer';
import { PacketDecoder, type PacketDecoderOptions } from '../../../decoders/net/packet-decoder';
import type { CaptureRecord, FrameInfo } from '../../../decoders/net/types';
import { RecordingSink } from '../../support/recording-sink';
import { mutate, type NumberField } from '../mutators';
import { Random } from '../random';
import { LINK_TYPES, seedFrameSequences, type SeedFrame } from '../seeds/captures';
import { eth2rpcSeedMessages, hobbitsSeedMessages } from '../seeds/protocol-messages';
import { check, type FuzzTarget } from '../target';

export interface PacketInput {
  frames: SeedFrame[];
  options: PacketDecoderOptions;
}

/** Link types with one that PacketDecoder does not know, whose frames must only be noted. */
const ANY_LINK_TYPES = [...LINK_TYPES.map((l) => l.linkType), 147];

/** The IP and transport header fields of a frame: lengths, fragment offsets, sequence numbers, data offsets. */
export function frameNumberFields(frame: SeedFrame): NumberField[] {
  const link = new LinkLayerHeader();
  if (decodeLinkLayer(frame.linkType, frame.data, link) !== 'ip') return [];
  const at = link.offset;
  const be = (offset: number, size: 1 | 2 | 4): NumberField => ({ at: at + offset, size, littleEndian: false });
  const ipFields =
    link.network === 4 ? [be(0, 1), be(2, 2), be(6, 2), be(9, 1)] : [be(4, 2), be(6, 1), be(40, 1), be(42, 2)];
  const transport = link.network === 4 ? (frame.data[at]! & 0x0f) * 4 : 40;
  const tcpOrUdp = [
    be(transport + 4, 4),
    be(transport + 8, 4),
    be(transport + 12, 1),
    be(transport + 13, 1),
    be(transport + 4, 2),
  ];
  return [...ipFields, ...tcpOrUdp].filter((f) => f.at + f.size <= frame.data.length);
}

/**
 * PacketDecoder on frames of every link type: conversations, datagrams and fragments with headers mutated along their
 * length and sequence fields, frames reordered, repeated, dropped, cut short, or given another link type. Every TCP
 * direction must end exactly once with nothing after its end, and deliver as many bytes as its connection counts.
 */
export function packetDecoderTarget(): FuzzTarget<PacketInput> {
  let sequences: { frames: SeedFrame[]; fields: NumberField[][] }[] = [];
  let donors: Uint8Array[] = [];
  return {
    name: 'packet-decoder',
    weight: 10,
    batchSize: 200,
    prepare(seed) {
      const rng = new Random(seed, 0xf4a);
      const messages = [...hobbitsSeedMessages(rng), ...eth2rpcSeedMessages(rng)];
      sequences = seedFrameSequences(rng, messages).map((frames) => ({
        frames,
        fields: frames.map(frameNumberFields),
      }));
      donors = sequences.flatMap((s) => s.frames.map((f) => f.data));
    },
    generate(rng) {
      const base = rng.pick(sequences);
      let frames = base.frames.map((f, i) => ({ frame: f, fields: base.fields[i]! }));
      if (rng.chance(0.2)) {
        const other = rng.pick(sequences);
        frames = [...frames, ...other.frames.map((f, i) => ({ frame: f, fields: other.fields[i]! }))];
      }
      const edits = 1 + rng.smallish(6);
      for (let e = 0; e < edits && frames.length > 0; e++) {
        const i = rng.below(frames.length);
        const { frame, fields } = frames[i]!;
        switch (rng.below(8)) {
          case 0:
          case 1:
          case 2:
            frames[i] = {
              frame: { ...frame, data: mutate(rng, frame.data, { numberFields: fields, donors }) },
              fields,
            };
            break;
          case 3: {
            const j = rng.below(frames.length);
            [frames[i], frames[j]] = [frames[j]!, frames[i]!];
            break;
          }
          case 4:
            frames.splice(rng.below(frames.length + 1), 0, frames[i]!);
            break;
          case 5:
            frames.splice(i, 1);
            break;
          case 6: {
            const cut = rng.below(frame.data.length + 1);
            frames[i] = { frame: { ...frame, data: frame.data.subarray(0, cut) }, fields };
            break;
          }
          default:
            frames[i] = { frame: { ...frame, linkType: rng.pick(ANY_LINK_TYPES) }, fields };
        }
      }
      if (rng.chance(0.05)) {
        frames.push({
          frame: { linkType: rng.pick(ANY_LINK_TYPES), time: 0, data: rng.bytes(rng.smallish(120)), originalLength: 0 },
          fields: [],
        });
      }
      const options: PacketDecoderOptions = {};
      if (rng.chance(0.2)) options.maxOutOfOrderBytes = rng.pick([0, 1, 100, 3000]);
      if (rng.chance(0.1)) options.fragmentTimeoutSeconds = rng.pick([0, 0.001, 1]);
      if (rng.chance(0.1)) options.maxUnackedBytes = rng.pick([0, 10, 5000]);
      return {
        frames: frames.map(({ frame }) => ({
          ...frame,
          originalLength: rng.chance(0.1) ? frame.data.length + rng.smallish(2000) : frame.data.length,
          time: rng.chance(0.05) ? frame.time - rng.below(100) : frame.time,
        })),
        options,
      };
    },
    execute(input) {
      const sink = new RecordingSink();
      const decoder = new PacketDecoder(sink, input.options);
      let last: FrameInfo = { frame: 0, time: 0 };
      input.frames.forEach((f, i) => {
        const rec: CaptureRecord = {
          frame: i + 1,
          time: f.time,
          linkType: f.linkType,
          data: f.data,
          originalLength: f.originalLength,
          fileOffset: 0,
          interfaceId: 0,
        };
        last = { frame: rec.frame, time: rec.time };
        decoder.frame(rec);
      });
      decoder.finish(last);
      check(sink.endsAreClean(), 'a TCP direction did not end exactly once, or got bytes after its end');
      for (const conn of decoder.tcpConnections()) {
        const [ab, ba] = [sink.data(conn.id, 0).length, sink.data(conn.id, 1).length];
        check(
          ab === conn.bytesAtoB && ba === conn.bytesBtoA,
          () => `tcp:${conn.id} delivered ${ab}/${ba} bytes, its counters say ${conn.bytesAtoB}/${conn.bytesBtoA}`,
        );
      }
      for (const flow of decoder.udpFlows()) {
        const datagrams = sink.udp.get(flow.id) ?? [];
        check(
          datagrams.length === flow.framesAtoB + flow.framesBtoA,
          () =>
            `udp:${flow.id} delivered ${datagrams.length} datagrams, its counters say ${flow.framesAtoB + flow.framesBtoA}`,
        );
      }
    },
  };
}
