/**
 * electron-vite: the main process (with the capture worker as a second entry, so loading runs off the main
 * thread), the sandboxed preload (CommonJS: a sandboxed preload cannot be an ES module), and the renderer, whose
 * configuration the renderer keeps in src-renderer/renderer-vite-config.ts (React, Monaco and its workers bundled,
 * relative URLs). Output: out/main, out/preload, out/renderer.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererViteConfig } from './src-renderer/renderer-vite-config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          'capture-worker': resolve(root, 'src-main/service/capture-worker-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererViteConfig(resolve(root, 'out/renderer')),
});
