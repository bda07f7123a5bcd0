/**
 * How the renderer is built, in one place: electron-vite's `renderer` section and the end-to-end tests' build both
 * take it. Entry `src-renderer/index.html`; React through @vitejs/plugin-react; Monaco bundled with its workers as
 * module workers (no CDN); assets as files (the CSP allows no data: URLs for fonts).
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';

export const RENDERER_ROOT = fileURLToPath(new URL('.', import.meta.url));

export function rendererViteConfig(outDir: string): UserConfig {
  return {
    root: RENDERER_ROOT,
    // Relative URLs: the same files load from file:// (Electron) and from the web mode's server.
    base: './',
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome120',
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 6000,
      rollupOptions: { input: fileURLToPath(new URL('./index.html', import.meta.url)) },
    },
  };
}
