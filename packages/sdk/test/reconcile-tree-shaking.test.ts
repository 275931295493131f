import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

async function bundleOf(name: string): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { ${name} } from ${JSON.stringify(entry)};\nexport default ${name};\n`,
      loader: 'js',
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@refundkit/source'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

// Strings only the reconcile loop and its decision hold.
const MARKS = ['status_backwards', 'not_reached', 'RefundkitReconcileError'];

describe('reconcile and tree-shaking', () => {
  it('a client-only bundle carries none of it', async () => {
    const code = await bundleOf('createConvergeGateClient');
    for (const mark of MARKS) expect(code.includes(mark), mark).toBe(false);
  });

  it('an app that imports reconcile gets it', async () => {
    const code = await bundleOf('reconcile');
    for (const mark of MARKS) expect(code.includes(mark), mark).toBe(true);
  });
});
