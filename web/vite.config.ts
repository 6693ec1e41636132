import { defineConfig } from 'vite';

export default defineConfig({
  // Perses core calls `global.fetch`; browsers only have globalThis.
  define: { global: 'globalThis' },
  resolve: {
    // Without 'browser' first, some packages resolve their CommonJS build and a second
    // @tanstack/react-query copy loads (its context then differs from the provider's).
    mainFields: ['browser', 'module', 'main'],
    dedupe: ['react', 'react-dom', '@tanstack/react-query', '@mui/material', '@emotion/react', 'echarts'],
  },
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  logLevel: 'warn',
});
