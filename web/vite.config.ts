import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// `npm run dev` serves the API on 8080 by default; `vite --config web/vite.config.ts` proxies to it.
const apiTarget = process.env.CC_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  // React 19's automatic runtime through esbuild; no Babel plugin needed.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // No manualChunks: each page is a lazy route, and Rollup's own splitting keeps a page's libraries (markdown, drag
    // and drop, the Mantine parts only it uses) in chunks fetched with that page. A catch-all vendor chunk would pull
    // them all into the first load.
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless in a client bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' || log.code === 'SOURCEMAP_ERROR') return;
        handler(level, log);
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/openapi.json': apiTarget,
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
