// Prints the compressed size of what the first load of the page fetches (the scripts and styles
// index.html references) and fails the build above the budget.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1024;
const root = fileURLToPath(new URL('../../../../target/classes/META-INF/resources', import.meta.url));
const html = readFileSync(join(root, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = 0;
for (const file of referenced) {
  const raw = readFileSync(join(root, file));
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(`[wallboard] ${file}: ${(raw.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzip`);
}
console.log(`[wallboard] initial JS + CSS: ${(total / 1024).toFixed(1)} KB gzip (budget ${BUDGET_BYTES / 1024} KB)`);
if (referenced.length === 0 || total > BUDGET_BYTES) {
  console.error(referenced.length === 0 ? '[wallboard] no assets found in index.html' : '[wallboard] over budget');
  process.exit(1);
}
