import { readFileSync } from 'node:fs';
import path from 'node:path';

// This package type-checks as CommonJS (Medusa requires it), so __dirname rather than import.meta.
const root = path.resolve(__dirname, '..');

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
};

// The peer range is a range (`^lowest`), and its lowest end is exactly the Medusa every test here
// boots: a range whose floor nobody tested would promise stores a version it was never run on.
describe('the Medusa peer range', () => {
  const medusa = Object.entries(manifest.peerDependencies).filter(([name]) => name.startsWith('@medusajs/'));

  it('names every Medusa package it needs', () => {
    expect(medusa.map(([name]) => name).sort()).toEqual([
      '@medusajs/admin-sdk',
      '@medusajs/cli',
      '@medusajs/framework',
      '@medusajs/icons',
      '@medusajs/medusa',
      '@medusajs/test-utils',
      '@medusajs/ui',
    ]);
  });

  it.each(medusa)('%s is a caret range whose floor is the installed, tested version', (name, range) => {
    // Read from node_modules, not require(): several of these packages' exports hide package.json.
    const installed = (
      JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    expect(range).toBe(`^${installed}`);
  });
});
