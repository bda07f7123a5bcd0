import { hexOf } from '../model/byte-source';
import { applyAsFilterText } from '../model/field-filter';
import { fieldAtPath, sourceOf, type FieldPath } from '../model/field-path';
import { copyValueText } from '../model/field-text';
import type { Workbench } from '../state/workbench';
import { copyText } from './clipboard';
import type { MenuItem } from './context-menu';

/** The field's bytes as hex, or null when it takes none. */
export function fieldHex(workbench: Workbench, path: FieldPath): string | null {
  const { detail, sources } = workbench.selection.get();
  if (!detail) return null;
  const field = fieldAtPath(detail.tree, path);
  if (field?.start === undefined || field.end === undefined) return null;
  const source = sources.find((s) => s.name === sourceOf(detail.tree, path, sources[0]?.name ?? ''));
  return source ? hexOf(source.bytes, field.start, Math.min(field.end, source.bytes.length)) : null;
}

/** The field tree's context actions on one field. */
export function fieldMenuItems(workbench: Workbench, path: FieldPath): (MenuItem | 'separator')[] {
  const { detail } = workbench.selection.get();
  const field = detail ? fieldAtPath(detail.tree, path) : undefined;
  if (!detail || !field) return [];
  const filter = applyAsFilterText(detail.record.protocol, detail.tree, path);
  const hex = fieldHex(workbench, path);
  const notify = (text: string) =>
    workbench.ui.update((s) => ({ notice: { text, tone: 'info', seq: (s.notice?.seq ?? 0) + 1 } }));
  return [
    { label: 'Copy value', run: () => void copyText(copyValueText(field)).then(() => notify('Value copied')) },
    {
      label: 'Copy as hex',
      disabled: hex === null,
      run: () => void copyText(hex ?? '').then(() => notify('Bytes copied as hex')),
    },
    {
      label: filter ? `Apply as filter: ${filter}` : 'Apply as filter (encoding detail: no filter name)',
      disabled: filter === null,
      run: () => void workbench.viewActions.applyFilter(filter ?? ''),
    },
    'separator',
    { label: 'Expand subtrees', run: () => workbench.selectionActions.expandAll(path) },
    { label: 'Expand all', run: () => workbench.selectionActions.expandAll() },
    { label: 'Collapse all', run: () => workbench.selectionActions.collapseAll() },
  ];
}
