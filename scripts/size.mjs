// Bundle-size budgets: what an application's bundle gains when it imports from a package, minified and
// gzipped, measured on the built ESM (`packages/<dir>/dist/index.js`). Run with `pnpm size` (builds
// first). Prints a table, writes perf/results/size.json, exits non-zero when a budget is exceeded.
//
// To budget another package, add a row: `imports` lists the names a typical user imports ('*' = every
// runtime export). The script writes an entry that imports them and uses them, the way an app does, so
// a minifier renames them (an app's bundle does not carry export names); every `@refundkit/*` import,
// the package's own import of core included, resolves to that package's built dist. Peer dependencies
// (react, …) stay external: the app has them anyway. `limit: null` reports without a budget.
// Sizes in bytes; 1 kB = 1000 bytes.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

const BUDGETS = [
  { name: 'core', dir: 'packages/core', imports: '*', what: 'every runtime export, used', limit: 4000 },
  {
    name: 'core (library entry)',
    dir: 'packages/core',
    imports: 'export *',
    what: 'the dist re-exported whole, export names kept',
    limit: null,
  },
  {
    name: 'sdk',
    dir: 'packages/sdk',
    // What a ConvergeGate app writes (the SDK README's first example): refunds.create, refunds.retrieve
    // and webhooks.verify all hang off the client it returns. createClient carries all three dialects.
    imports: ['createConvergeGateClient'],
    what: 'createConvergeGateClient (create + retrieve + webhook verify), core included',
    limit: 8000,
  },
  {
    name: 'sdk (every dialect)',
    dir: 'packages/sdk',
    imports: ['createClient'],
    what: 'createClient, which carries the ConvergeGate, Stripe and Checkout adapters, core included',
    limit: null,
  },
  {
    name: 'react',
    dir: 'packages/react',
    imports: ['RefundButton', 'RefundStatus'],
    what: 'both components, their dependencies (core) included, React excluded',
    limit: 12000,
  },
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

// Every workspace package by directory (packages/<dir>) and by name.
const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'packages', d.name, 'package.json')))
  .map((d) => ({
    dir: `packages/${d.name}`,
    manifest: readJson(join(root, 'packages', d.name, 'package.json')),
  }));
const distOf = (name) => {
  const found = packages.find((p) => p.manifest.name === name);
  return found && join(root, found.dir, 'dist', 'index.js');
};

// Resolves `@refundkit/<name>` to its built dist, never to source, so the number is what ships.
const workspaceDist = {
  name: 'workspace-dist',
  setup(b) {
    b.onResolve({ filter: /^@refundkit\/[^/]+$/ }, (args) => {
      const file = distOf(args.path);
      if (!file) return { errors: [{ text: `${args.path} is not a workspace package` }] };
      if (!existsSync(file))
        return { errors: [{ text: `${args.path} is not built (${file} missing): run pnpm build` }] };
      return { path: file };
    });
  },
};

// The module an application would write: import the names, use them.
async function entryFor(row, manifest) {
  if (row.imports === 'export *') return `export * from '${manifest.name}';`;
  const names =
    row.imports === '*' ? Object.keys(await import(pathToFileURL(distOf(manifest.name)).href)) : row.imports;
  const locals = names.map((name, i) => `${name} as u${i}`).join(', ');
  return `import { ${locals} } from '${manifest.name}';\nexport default [${names.map((_, i) => `u${i}`).join(', ')}];\n`;
}

async function measure(row, manifest) {
  const peers = Object.keys(manifest.peerDependencies ?? {});
  const entry = await entryFor(row, manifest);
  const result = await build({
    stdin: { contents: entry, resolveDir: join(root, row.dir), loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: [...peers, ...peers.map((p) => `${p}/*`)],
    plugins: [workspaceDist],
  });
  const code = result.outputFiles[0].contents;
  return { entry, minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const results = [];
let failed = false;
for (const row of BUDGETS) {
  const pkg = packages.find((p) => p.dir === row.dir);
  if (!pkg) {
    results.push({ ...row, status: 'skipped', note: `${row.dir} does not exist yet` });
    continue;
  }
  try {
    const size = await measure(row, pkg.manifest);
    const ok = row.limit === null || size.gzip <= row.limit;
    if (!ok) failed = true;
    const status = row.limit === null ? 'info' : ok ? 'ok' : 'over budget';
    results.push({ ...row, package: pkg.manifest.name, ...size, status });
  } catch (error) {
    failed = true;
    const text = error.errors?.map((e) => e.text).join('; ') ?? String(error);
    results.push({ ...row, package: pkg.manifest.name, status: 'error', note: text });
  }
}

const kB = (bytes) => (bytes === undefined || bytes === null ? '' : `${(bytes / 1000).toFixed(2)} kB`);
const table = [
  ['package', 'min', 'min+gz', 'budget', 'status', 'measures'],
  ...results.map((r) => [r.name, kB(r.minified), kB(r.gzip), kB(r.limit), r.status, r.note ?? r.what]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((line) => line[i].length)));
for (const line of table)
  console.log(
    line
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );

const out = join(root, 'perf', 'results', 'size.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      method: `esbuild ${esbuildVersion} bundle + minify (esm, browser, es2022), gzip level 9; bytes`,
      results: results.map(
        ({ name, package: pkgName, what, imports, entry, limit, minified, gzip, status, note }) => ({
          name,
          package: pkgName,
          what,
          imports,
          entry,
          limit,
          minified,
          gzip,
          status,
          note,
        }),
      ),
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwrote ${join('perf', 'results', 'size.json')}`);
if (failed) {
  console.error('size check failed: a budget is exceeded or a package could not be bundled');
  process.exit(1);
}
