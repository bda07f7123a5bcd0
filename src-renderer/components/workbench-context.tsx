import { createContext, useContext } from 'react';
import type { Workbench } from '../state/workbench';

export const WorkbenchContext = createContext<Workbench | null>(null);

export function useWorkbench(): Workbench {
  const workbench = useContext(WorkbenchContext);
  if (!workbench) throw new Error('useWorkbench outside WorkbenchContext');
  return workbench;
}
