import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built straight into the classes Quarkus serves as static resources (META-INF/resources), so the
// page is part of the jar and is served at / by the gateway itself.
const outDir = fileURLToPath(new URL('../../../target/classes/META-INF/resources', import.meta.url));

export default defineConfig({
  base: '/',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Hashed names under assets/ get a year of caching; index.html is never cached (WallboardHeaders).
    assetsDir: 'assets',
    // No inline scripts or data: URLs: the Content-Security-Policy allows scripts and styles from the gateway only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
});
