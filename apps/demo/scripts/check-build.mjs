// Checks the built dashboard (dist/web, made by `pnpm build`): every asset index.html names exists, the
// build records what it was made from, and the browser bundle carries nothing that belongs on the
// server side (a secret key, the server, the database, Node's crypto). Exits non-zero on a problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../dist/web/', import.meta.url));
const problems = [];
const index = join(web, 'index.html');
if (!existsSync(index)) {
  console.error('dist/web/index.html is missing: run pnpm --filter @refundkit/demo build');
  process.exit(1);
}
const html = readFileSync(index, 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => m[1]);
if (!assets.some((a) => a.endsWith('.js'))) problems.push('index.html names no script');
if (!assets.some((a) => a.endsWith('.css'))) problems.push('index.html names no stylesheet');
for (const asset of assets) if (!existsSync(join(web, asset))) problems.push(`${asset} is missing`);
if (!/^[0-9a-f]{64}$/.test(readFileSync(join(web, '.inputs'), 'utf8').trim())) {
  problems.push('.inputs (the record of what the build was made from) is missing or malformed');
}

const FORBIDDEN = [
  [/sk_(test|live)_[A-Za-z0-9_-]{8,}/, 'a secret key'],
  [/createHmac|node:crypto/, "Node's crypto (webhook signing belongs to the backend)"],
  [/@electric-sql\/pglite|kysely/, 'the database'],
  [/fastify/i, 'the refund server'],
  [/refundkit-sdk\//, 'the SDK (the browser talks to the backend, not to the gateway)'],
];
for (const file of readdirSync(join(web, 'assets'))) {
  const text = readFileSync(join(web, 'assets', file), 'utf8');
  for (const [pattern, what] of FORBIDDEN) {
    if (pattern.test(text)) problems.push(`assets/${file} contains ${what} (${pattern})`);
  }
}
if (problems.length) {
  console.error(`The dashboard build is not right:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`dashboard build ok: ${assets.length} assets, no server-side code or secrets in the bundle`);
