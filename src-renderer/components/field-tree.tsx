import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Note } from '../../decoders/core/notes';
import { samePath, sourceOf, type FieldPath } from '../model/field-path';
import { treeKey } from '../model/tree-navigation';
import { visibleFields, type VisibleField } from '../model/visible-fields';
import { useStore } from '../state/store';
import { ContextMenu, type MenuItem } from './context-menu';
import { fieldMenuItems } from './field-menu';
import { FieldLine, NoteLine } from './field-tree-lines';
import { useWorkbench } from './workbench-context';

const LINE_HEIGHT = 20;

type TreeLine = { kind: 'field'; line: VisibleField } | { kind: 'note'; note: Note; depth: number; path: FieldPath };

/** Field lines with each field's notes right under it, so that no problem hides in a closed subtree's parent. */
function treeLines(fields: readonly VisibleField[]): TreeLine[] {
  const out: TreeLine[] = [];
  for (const line of fields) {
    out.push({ kind: 'field', line });
    for (const note of line.field.notes ?? []) out.push({ kind: 'note', note, depth: line.depth + 1, path: line.path });
  }
  return out;
}

/** The selected message's field tree: spec names, labels, values, notes; encoding and generated fields set apart. */
export const FieldTree = forwardRef<HTMLDivElement>(function FieldTree(_props, focusRef) {
  const workbench = useWorkbench();
  const { selection, selectionActions } = workbench;
  const detail = useStore(selection, (s) => s.detail);
  const expanded = useStore(selection, (s) => s.expanded);
  const selected = useStore(selection, (s) => s.field);
  const messageSource = useStore(selection, (s) => s.sources[0]?.name ?? '');
  const loading = useStore(selection, (s) => s.loading);
  const error = useStore(selection, (s) => s.error);
  const index = useStore(selection, (s) => s.index);
  const [menu, setMenu] = useState<{ x: number; y: number; items: (MenuItem | 'separator')[] } | null>(null);
  const scroller = useRef<HTMLDivElement | null>(null);

  const fields = useMemo(() => (detail ? visibleFields(detail.tree, expanded) : []), [detail, expanded]);
  const lines = useMemo(() => treeLines(fields), [fields]);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 12,
  });

  const selectedLine = selected ? lines.findIndex((l) => l.kind === 'field' && samePath(selected, l.line.path)) : -1;
  useEffect(() => {
    if (selectedLine >= 0) virtualizer.scrollToIndex(selectedLine, { align: 'auto' });
  }, [selectedLine, virtualizer]);

  const setRefs = useCallback(
    (node: HTMLDivElement | null) => {
      scroller.current = node;
      if (typeof focusRef === 'function') focusRef(node);
      else if (focusRef) focusRef.current = node;
    },
    [focusRef],
  );

  if (!detail) {
    return (
      <div ref={setRefs} className="field-tree empty muted" tabIndex={0}>
        {emptyText({ loading, error, index })}
      </div>
    );
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      document.querySelector<HTMLElement>('.message-list')?.focus();
      return;
    }
    const moved = treeKey(event.key, fields, selected, {
      select: (path) => selectionActions.selectField(path),
      setOpen: (key, open) => selectionActions.setExpanded(key, open),
      expandUnder: (path) => selectionActions.expandAll(path),
    });
    if (moved) event.preventDefault();
  };

  return (
    <div ref={setRefs} className="field-tree" tabIndex={0} role="tree" aria-label="Fields" onKeyDown={onKeyDown}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index]!;
          const style = { transform: `translateY(${item.start}px)` };
          if (line.kind === 'note')
            return <NoteLine key={item.key} note={line.note} depth={line.depth} style={style} />;
          const { path } = line.line;
          return (
            <FieldLine
              key={item.key}
              line={line.line}
              style={style}
              selected={samePath(selected, path)}
              source={sourceOf(detail.tree, path, messageSource)}
              onSelect={() => selectionActions.selectField(path)}
              onToggle={() => selectionActions.toggleExpanded(line.line.key)}
              onMenu={(x, y) => {
                selectionActions.selectField(path);
                setMenu({ x, y, items: fieldMenuItems(workbench, path) });
              }}
            />
          );
        })}
      </div>
      {menu && <ContextMenu {...menu} onClose={() => setMenu(null)} />}
    </div>
  );
});

function emptyText(state: { loading: boolean; error: string | null; index: number | null }): string {
  if (state.error) return state.error;
  if (state.loading) return 'Decoding…';
  return state.index === null ? 'Select a message to see its fields.' : '';
}
