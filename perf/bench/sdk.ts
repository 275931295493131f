import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createClient } from '@refundkit/sdk';
import { basicAuth, pool } from '../src/http.js';
import { KEYS } from '../src/server-process.js';
import { summarize } from '../src/stats.js';
import type { BenchConfig } from './config.js';

export interface SdkOverhead {
  operation: 'create' | 'retrieve';
  requests: number;
  concurrency: number;
  /** Median latency of one request, ms. */
  sdkMs: number;
  fetchMs: number;
  sdkMeanMs: number;
  fetchMeanMs: number;
  /** Median sdk / median fetch − 1. */
  overhead: number;
}

/**
 * The SDK against raw fetch on the same server, interleaved request by request. Raw fetch sends what the SDK sends: Basic auth, a form body, an Idempotency-Key;
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
  const results: SdkOverhead[] = [];
  for (const operation of ['retrieve', 'create'] as const) {
    // Interleaved request by request (the order alternating), so the machine's drifting load hits
    // both sides alike; the figure compares the median latencies.
    const sdkTimes: number[] = [];
    const rawTimes: number[] = [];
    const time = async (work: () => Promise<void>, into: number[]) => {
      const started = performance.now();
      await work();
      into.push(performance.now() - started);
    };
    const pairs = async (count: number, sdkInto: number[], rawInto: number[]) =>
      pool(
        Array.from({ length: count }, (_, i) => i),
        config.sdkConcurrency,
        async (i) => {
          if (i % 2 === 0) {
            await time(sdk[operation], sdkInto);
            await time(raw[operation], rawInto);
          } else {
            await time(raw[operation], rawInto);
            await time(sdk[operation], sdkInto);
          }
        },
      );
    await pairs(Math.min(100, config.sdkRequests), [], []);
    await pairs(config.sdkRequests, sdkTimes, rawTimes);
    const sdkSummary = summarize(sdkTimes);
    const rawSummary = summarize(rawTimes);
    results.push({
      operation,
      requests: config.sdkRequests,
      concurrency: config.sdkConcurrency,
      sdkMs: sdkSummary.p50,
      fetchMs: rawSummary.p50,
      sdkMeanMs: sdkSummary.mean,
      fetchMeanMs: rawSummary.mean,
      overhead: sdkSummary.p50 / rawSummary.p50 - 1,
    });
  }
  return results;
}
