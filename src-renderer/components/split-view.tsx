import { useRef, useState, type ReactNode, type PointerEvent } from 'react';
import { clampSplit, storedFraction } from '../model/split-size';

interface SplitViewProps {
  /** `column`: first above second; `row`: first left of second. */
  direction: 'row' | 'column';
  /** Remembered across sessions under this name. */
  name: string;
  initial: number;
  minPx?: number;
  first: ReactNode;
  second: ReactNode;
}

/** Two panes with a draggable divider; the split is kept in local storage. */
export function SplitView({ direction, name, initial, minPx = 60, first, second }: SplitViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const storageKey = `peerscope.split.${name}`;
  const [fraction, setFraction] = useState(() => storedFraction(localStorage.getItem(storageKey), initial));

  const drag = (event: PointerEvent<HTMLDivElement>) => {
    const box = container.current?.getBoundingClientRect();
    if (!box || event.buttons !== 1) return;
    const total = direction === 'row' ? box.width : box.height;
    const offset = direction === 'row' ? event.clientX - box.left : event.clientY - box.top;
    const next = clampSplit(offset, total, minPx) / total;
    setFraction(next);
    localStorage.setItem(storageKey, String(next));
  };

  return (
    <div ref={container} className={`split split-${direction}`}>
      <div className="split-pane" style={{ flexBasis: `${fraction * 100}%` }}>
        {first}
      </div>
      <div
        className="split-divider"
        role="separator"
        aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
        onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
        onPointerMove={drag}
      />
      <div className="split-pane split-rest">{second}</div>
    </div>
  );
}
