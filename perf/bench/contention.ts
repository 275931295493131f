import { performance } from 'node:perf_hooks';
import { convergeGate } from '../src/dialects.js';
import { api } from '../src/http.js';
import { KEYS, type ServerProcess } from '../src/server-process.js';
import { summarize } from '../src/stats.js';

export interface ContentionResult {
  processes: number;
  refunds: number;
  succeeded: number;
  refused: number;
  wallMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** The session's amount_refunded afterwards equals the sum of the successful refunds. */
  consistent: boolean;
}

/**
 * `refunds` partial refunds of 100 on one session worth exactly that many, all sent at once and
 * spread round-robin over `servers` (processes sharing one Postgres). Every refund must succeed and
 * the session's total must be exact; the figure is the wall time until the last answer.
 */
export async function contention(servers: ServerProcess[], refunds: number): Promise<ContentionResult> {
  const clients = servers.map((s) => api(s.url, KEYS.test));
  const sessionId = await convergeGate.paidPayment(clients[0]!, refunds * 100);
  const latencies: number[] = [];
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: refunds }, async (_, i) => {
      const t0 = performance.now();
      const answer = await convergeGate.createRefund(clients[i % clients.length]!, {
        paymentId: sessionId,
        amount: 100,
      });
      latencies.push(performance.now() - t0);
      return answer.status;
    }),
  );
  const wallMs = performance.now() - started;
  const succeeded = answers.filter((s) => s === 200).length;
  const session = await convergeGate.retrievePayment(clients[0]!, sessionId);
  const summary = summarize(latencies);
  return {
    processes: servers.length,
    refunds,
    succeeded,
    refused: refunds - succeeded,
    wallMs,
    perSecond: (refunds * 1000) / wallMs,
    p50: summary.p50,
    p99: summary.p99,
    consistent: convergeGate.amountRefunded(session.body) === succeeded * 100,
  };
}
