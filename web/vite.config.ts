import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is built to web/dist and served by the Confidant server at `/` (src/platform/http/static-app.ts).
// The server's CSP allows scripts and styles from 'self' only, so the build must not inline either:
// no module-preload polyfill (Vite would inline it), and assets are always separate files.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite web` for development: API calls go to a Confidant server on 127.0.0.1:8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
