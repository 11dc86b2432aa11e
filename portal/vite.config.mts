import { defineConfig } from 'vite';

/**
 * The admin portal's build (`vite build portal`, part of `npm run build`). The `portal`
 * function serves the output from portal/dist at /api/portal/ (host.json's routePrefix is
 * `api` for every function), the same URL on the local host and in Azure.
 */
export default defineConfig({
  base: '/api/portal/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 600 },
  server: { fs: { allow: ['..'] } },
});
