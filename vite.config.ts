import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The app is a static bundle in dist/, served by the local server (same origin as its Supabase
// stand-in) or by any static host. The service worker is our own file (workers/service-worker.ts),
// so vite-plugin-pwa only builds it and injects the precache manifest into it.
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'workers',
      filename: 'service-worker.ts',
      // The page registers the worker itself through workbox-window (src/app/pwa), so that it can
      // show the "new version available" prompt; no generated register script.
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/icon.svg'],
      manifest: {
        name: 'Clínica — prontuário e agenda offline',
        short_name: 'Clínica',
        description: 'Pacientes, agenda, prontuários e faturamento que funcionam sem internet.',
        lang: 'pt-BR',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f8fa',
        theme_color: '#0f5c63',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,json,wasm}'],
        globIgnores: [
          // Served live by the backend next to the app; a precached copy would pin the app to
          // the backend it was first installed from. The app keeps its own offline copy.
          'app-config.json',
        ],
        // The sync worker bundle carries Dexie and supabase-js; raise the 2 MiB default so it is
        // never silently left out of the precache (offline start would then fail).
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
      devOptions: {
        // `vite` dev server: no service worker (HMR and a caching worker fight each other).
        enabled: false,
      },
    }),
  ],
  resolve: {
    // jsPDF imports these lazily for HTML and SVG rendering, which the documents never use
    // (they draw text): without the alias they would be bundled and precached (~0.6 MB).
    alias: Object.fromEntries(
      ['html2canvas', 'canvg', 'dompurify'].map((name) => [
        name,
        fileURLToPath(new URL('./src/app/features/documents/jspdf-unused-plugin.ts', import.meta.url)),
      ]),
    ),
  },
  worker: { format: 'es' },
  build: { outDir: 'dist', sourcemap: true, emptyOutDir: true },
});
