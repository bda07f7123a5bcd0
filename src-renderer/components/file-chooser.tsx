import { useEffect, useRef } from 'react';
import { useWorkbench } from './workbench-context';

/** The hidden file input behind every "Open…": captures and key files, several at once. */
export function FileChooser() {
  const workbench = useWorkbench();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    workbench.chooseFiles = () => input.current?.click();
  }, [workbench]);
  return (
    <input
      ref={input}
      type="file"
      multiple
      hidden
      data-testid="file-chooser"
      accept=".pcap,.pcapng,.cap,.keylog,.key,.txt,*"
      onChange={(e) => {
        const files = [...(e.target.files ?? [])];
        e.target.value = '';
        if (files.length > 0) void workbench.captureActions.openFiles(files);
      }}
    />
  );
}
