// How every package's Vitest finds its workspace siblings: by the `@refundkit/source` export
// condition, so tests run against TypeScript source and never against a `dist` that is stale (or, on
// a fresh clone while turbo is still building, missing). Vite keeps conditions per environment: the
// client one (`resolve`), the server one that Node-side tests run in (`ssr`), and Vitest's own
// `__vitest__` one, where global setup runs. Each must name the condition; the rest of each list is
// Vite's default for that environment (`defaultServerConditions`, spelled out: the root has no vite)
// less `module`: Node-side tests resolve packages as Node does when the server runs, and
// OpenTelemetry's `module` builds import files without extensions, which Node refuses to load.
const server = ['@refundkit/source', 'node', 'development|production'];

export const sourceResolution = {
  resolve: { conditions: ['@refundkit/source'] },
  ssr: { resolve: { conditions: server, externalConditions: ['@refundkit/source'] } },
  environments: { __vitest__: { resolve: { conditions: server } } },
};
