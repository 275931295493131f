import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createClient } from '@refundkit/sdk';
import { basicAuth, pool } from '../src/http.js';
import { KEYS } from '../src/server-process.js';
import type { BenchConfig } from './config.js';

export interface SdkOverhead {
  operation: 'create' | 'retrieve';
  requests: number;
  concurrency: number;
  /** Mean wall time per request (total time × concurrency / requests), ms. */
  sdkMs: number;
  fetchMs: number;
  /** sdk / fetch − 1. */
  overhead: number;
}

/**
 * The SDK against raw fetch on the same server, in alternating rounds so drift in the machine's
 * load hits both. Raw fetch sends what the SDK sends: Basic auth, a form body, an Idempotency-Key;
 * and reads the JSON. The SDK adds its own work: validation, mapping to the canonical Refund, retries.
 */
export async function sdkOverhead(
  config: BenchConfig,
  url: string,
  sessions: string[],
  refundIds: string[],
): Promise<SdkOverhead[]> {
  const client = createClient({ dialect: 'convergegate', baseUrl: url, secretKey: KEYS.test });
  const auth = basicAuth(KEYS.test);
  let s = 0;
  let r = 0;
  const nextSession = () => sessions[s++ % sessions.length]!;
  const nextRefund = () => refundIds[r++ % refundIds.length]!;
  const raw = {
    async create() {
      const response = await fetch(`${url}/v1/refunds`, {
        method: 'POST',
        headers: {
          authorization: auth,
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': randomUUID(),
        },
        body: `session_id=${encodeURIComponent(nextSession())}&amount=1`,
      });
      const body = (await response.json()) as { id?: string };
      if (response.status !== 200 || !body.id) throw new Error(`raw create: ${response.status}`);
    },
    async retrieve() {
      const response = await fetch(`${url}/v1/refunds/${encodeURIComponent(nextRefund())}`, {
        headers: { authorization: auth },
      });
      const body = (await response.json()) as { id?: string };
      if (response.status !== 200 || !body.id) throw new Error(`raw retrieve: ${response.status}`);
    },
  };
  const sdk = {
    async create() {
      await client.refunds.create({ paymentId: nextSession(), amount: 1 });
    },
    async retrieve() {
      await client.refunds.retrieve(nextRefund());
    },
  };
  const rounds = 4;
  const perRound = Math.max(1, Math.round(config.sdkRequests / rounds));
  const timed = async (work: () => Promise<void>) => {
    const started = performance.now();
    await pool(Array.from({ length: perRound }), config.sdkConcurrency, work);
    return performance.now() - started;
  };
  const results: SdkOverhead[] = [];
  for (const operation of ['retrieve', 'create'] as const) {
    // Warm both paths (connections, JIT), then alternate.
    await timed(raw[operation]);
    await timed(sdk[operation]);
    let rawTotal = 0;
    let sdkTotal = 0;
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        rawTotal += await timed(raw[operation]);
        sdkTotal += await timed(sdk[operation]);
      } else {
        sdkTotal += await timed(sdk[operation]);
        rawTotal += await timed(raw[operation]);
      }
    }
    const requests = perRound * rounds;
    const fetchMs = (rawTotal * config.sdkConcurrency) / requests;
    const sdkMs = (sdkTotal * config.sdkConcurrency) / requests;
    results.push({
      operation,
      requests,
      concurrency: config.sdkConcurrency,
      sdkMs,
      fetchMs,
      overhead: sdkMs / fetchMs - 1,
    });
  }
  return results;
}
