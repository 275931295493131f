import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** What an application's bundle holds when it imports `name` from the SDK and uses it. */
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
  return result.outputFiles[0]!.text;
}

// A string only each dialect's adapter holds: its webhook header and one of its paths.
const MARKS = {
  convergegate: ['Sec-Signature', '/v1/checkout/sessions'],
  stripe: ['Stripe-Signature', 'amount_too_large'],
  checkout: ['Checkout-Signature', '/api/refunds/'],
};

describe('tree-shaking', () => {
  const cases = [
    ['createConvergeGateClient', ['convergegate']],
    ['createStripeClient', ['stripe']],
    ['createCheckoutClient', ['checkout']],
    ['createClient', ['convergegate', 'stripe', 'checkout']],
  ] as const;
  for (const [name, carried] of cases) {
    it(`${name} ships ${carried.join(', ')} and no other dialect`, async () => {
      const code = await bundleOf(name);
      for (const [dialect, marks] of Object.entries(MARKS)) {
        for (const mark of marks) {
          expect(code.includes(mark), `${dialect}: ${mark}`).toBe(
            (carried as readonly string[]).includes(dialect),
          );
        }
      }
    });
  }

  it('the main entry carries no Node built-in (browsers, edge runtimes)', async () => {
    expect(await bundleOf('createClient')).not.toMatch(/\bnode:|require\(/);
  });
});
