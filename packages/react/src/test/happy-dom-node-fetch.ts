// Vitest's happy-dom environment with Node's own networking left in place: fetch, Request, Response,
// Headers, AbortController, AbortSignal, URL, URLSearchParams, FormData. Test files that run the real
// refund server and a backend in-process need them: happy-dom's fetch applies the same-origin policy of
// its page (http://localhost:3000) to every request and its AbortSignal is not Node's, so the SDK and
// the server could not talk to each other. The components only call fetch and AbortController, which
// Node implements to the same standard.
import { builtinEnvironments, type Environment } from 'vitest/runtime';

const NETWORK = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'AbortController',
  'AbortSignal',
  'URL',
  'URLSearchParams',
  'FormData',
] as const;

const happyDom = builtinEnvironments['happy-dom'];

export default {
  name: 'happy-dom-node-fetch',
  viteEnvironment: 'client',
  async setup(global: Record<string, unknown>, options) {
    const node = NETWORK.map((key) => [key, Object.getOwnPropertyDescriptor(global, key)] as const);
    const dom = await happyDom.setup(global, options);
    for (const [key, descriptor] of node) if (descriptor) Object.defineProperty(global, key, descriptor);
    return {
      async teardown(g) {
        await dom.teardown(g);
      },
    };
  },
} satisfies Environment;
