import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { ByteSource } from '../model/byte-source';
import { fieldAtPath, sourceOf } from '../model/field-path';
import { asciiOf, BYTES_PER_LINE, hexByte, hexLine, inRange, lineCount, lineOf } from '../model/hex-layout';
import { useStore } from '../state/store';
import { useWorkbench } from './workbench-context';

const LINE_HEIGHT = 18;

/** Offset / hex / ASCII of the selected message, one tab per byte source; the selected field's bytes lit. */
export function HexPane() {
  const { selection, selectionActions } = useWorkbench();
  const sources = useStore(selection, (s) => s.sources);
  const tab = useStore(selection, (s) => s.sourceTab);
  const detail = useStore(selection, (s) => s.detail);
  const selected = useStore(selection, (s) => s.field);

  const source = sources.find((s) => s.name === tab) ?? sources[0];
  const range = useMemo(() => {
    if (!detail || !selected || !source) return null;
    const field = fieldAtPath(detail.tree, selected);
    if (field?.start === undefined || field.end === undefined) return null;
    if (sourceOf(detail.tree, selected, sources[0]?.name ?? '') !== source.name) return null;
    return { start: field.start, end: field.end };
  }, [detail, selected, source, sources]);

  if (!source) return <div className="hex-pane empty muted">No bytes to show.</div>;
  return (
    <div className="hex-pane">
      {sources.length > 1 && (
        <div className="source-tabs" role="tablist" aria-label="Byte sources">
          {sources.map((s) => (
            <button
              key={s.name}
              role="tab"
              aria-selected={s.name === source.name}
              className={s.name === source.name ? 'active' : undefined}
              onClick={() => selectionActions.showSource(s.name)}
            >
              {s.name} <span className="muted">({s.bytes.length})</span>
            </button>
          ))}
        </div>
      )}
      <HexLines source={source} range={range} onByte={(offset) => selectionActions.selectByte(source.name, offset)} />
      <div className="hex-status muted">
        {range
          ? `Selected: bytes ${range.start}–${range.end} (${range.end - range.start}) of ${source.name}`
          : `${source.name}: ${source.bytes.length} bytes`}
      </div>
    </div>
  );
}

interface HexLinesProps {
  source: ByteSource;
  range: { start: number; end: number } | null;
  onByte(offset: number): void;
}

function HexLines({ source, range, onByte }: HexLinesProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const length = source.bytes.length;
  const virtualizer = useVirtualizer({
    count: lineCount(length),
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 10,
  });

  useEffect(() => {
    if (range && range.end > range.start) virtualizer.scrollToIndex(lineOf(range.start), { align: 'auto' });
  }, [range, virtualizer]);

  const pick = (event: React.MouseEvent) => {
    const offset = (event.target as HTMLElement).dataset.offset;
    if (offset !== undefined) onByte(Number(offset));
  };

  return (
    <div ref={scroller} className="hex-lines mono" onMouseDown={pick} data-source={source.name}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = hexLine(item.index, length);
          const offsets = Array.from({ length: line.end - line.first }, (_, i) => line.first + i);
          return (
            <div key={item.key} className="hex-line" style={{ transform: `translateY(${item.start}px)` }}>
              <span className="hex-offset">{line.offsetText}</span>
              <span className="hex-bytes">
                {offsets.map((offset) => (
                  <span
                    key={offset}
                    data-offset={offset}
                    className={byteClass(offset, range, offset - line.first === BYTES_PER_LINE / 2)}
                  >
                    {hexByte(source.bytes[offset]!)}
                  </span>
                ))}
              </span>
              <span className="hex-ascii">
                {offsets.map((offset) => (
                  <span key={offset} data-offset={offset} className={inRange(offset, range) ? 'lit' : undefined}>
                    {asciiOf(source.bytes[offset]!)}
                  </span>
                ))}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

function byteClass(offset: number, range: { start: number; end: number } | null, gapBefore: boolean): string {
  const classes = ['hex-byte'];
  if (inRange(offset, range)) classes.push('lit');
  if (gapBefore) classes.push('gap');
  return classes.join(' ');
}
