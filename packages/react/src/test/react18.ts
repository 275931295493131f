// Node loads Testing Library and react-dom itself (not through Vite), so aliases do not reach them, and
// pnpm links react-dom18's `react` peer to the workspace's React 19. Send every require of react or
// react-dom in this worker to the React 18 copies, so one React 18 instance serves the whole test.
import Module, { createRequire } from 'node:module';

const local = createRequire(import.meta.url);
const renamed: Record<string, string> = { react: 'react18', 'react-dom': 'react-dom18' };
type Resolve = (request: string, ...rest: unknown[]) => string;
const patched = Module as unknown as { _resolveFilename: Resolve };
const original = patched._resolveFilename;
patched._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  const match = /^(react|react-dom)(\/.*)?$/.exec(request);
  if (match) return local.resolve(`${renamed[match[1] as string]}${match[2] ?? ''}`);
  return original.call(this, request, ...rest);
};
