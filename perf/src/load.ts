import type { Surface } from './dialects.js';
import type { Api, ApiResponse } from './http.js';

export interface Acked {
  key: string;
  refundId: string;
  paymentId: string;
  amount: number;
}

export interface LoadReport {
  /** Logical requests started (each with its own Idempotency-Key). */
  requests: number;
  /** HTTP attempts, retries included. */
  attempts: number;
  /** Answered 200: the refund the client was told about, by key. */
  acked: Map<string, Acked>;
  /** Answered with a refusal (4xx other than 409), by error code. */
  refused: Record<string, number>;
  /** Attempts that got no answer (connection refused or reset) and were retried. */
  networkErrors: number;
  /** 409 (same key still in flight, e.g. abandoned by a killed process) and 5xx, retried. */
  retriedStatuses: Record<string, number>;
  /** Keys with no definitive answer by the deadline. */
  unresolved: string[];
}

export interface LoadOptions {
  surface: Surface;
  /** One client per server process; requests go round-robin. Their `url` may change (a restart). */
  apis: Api[];
  payments: string[];
  /** Concurrent logical requests. */
  concurrency: number;
  /** Largest refund (random 1..max per request). */
  maxAmount: number;
  /** Give up on a key this long after it started (the server's 60 s in-flight lease must fit). */
  keyDeadlineMs?: number;
  prefix: string;
  /** Numbers in [0, 1) for the payment, the amount and the retry jitter (a seeded one in tests). */
  random: () => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A sustained refund load as a careful client sends it: every request has an Idempotency-Key and
 * metadata `load_key` naming it, and is retried with the same key and body until it gets a
 * definitive answer — through connection errors, a killed server, 409 and 5xx.
 */
export function refundLoad(options: LoadOptions): { report: LoadReport; stop(): Promise<LoadReport> } {
  const report: LoadReport = {
    requests: 0,
    attempts: 0,
    acked: new Map(),
    refused: {},
    networkErrors: 0,
    retriedStatuses: {},
    unresolved: [],
  };
  let stopped = false;
  let n = 0;
  const deadlineMs = options.keyDeadlineMs ?? 150_000;
  const one = async (worker: number) => {
    const index = n++;
    report.requests++;
    const key = `${options.prefix}-${index}`;
    const paymentId = options.payments[Math.floor(options.random() * options.payments.length)]!;
    const amount = 1 + Math.floor(options.random() * options.maxAmount);
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const api = options.apis[(worker + attempt) % options.apis.length]!;
      report.attempts++;
      let answer: ApiResponse | undefined;
      try {
        answer = await options.surface.createRefund(api, {
          paymentId,
          amount,
          metadata: { load_key: key },
          idempotencyKey: key,
        });
      } catch {
        report.networkErrors++;
      }
      if (answer?.status === 200) {
        report.acked.set(key, { key, refundId: answer.body.id, paymentId, amount });
        return;
      }
      if (answer && answer.status !== 409 && answer.status < 500) {
        const code = String(answer.body?.error?.code ?? answer.status);
        report.refused[code] = (report.refused[code] ?? 0) + 1;
        return;
      }
      if (answer) report.retriedStatuses[answer.status] = (report.retriedStatuses[answer.status] ?? 0) + 1;
      if (Date.now() - started > deadlineMs) {
        report.unresolved.push(key);
        return;
      }
      await sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 6)) * (0.5 + options.random()));
    }
  };
  const done = Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      while (!stopped) await one(worker);
    }),
  ).then(() => report);
  return {
    report,
    stop() {
      stopped = true;
      return done;
    },
  };
}

/** Definitive answers so far (acknowledged or refused). */
export const answered = (report: LoadReport): number =>
  report.acked.size + Object.values(report.refused).reduce((sum, n) => sum + n, 0);

/** Refusals because the payments were used up: the cap was reached. */
export const capRefusals = (report: LoadReport): number =>
  (report.refused['amount_exceeds_refundable'] ?? 0) + (report.refused['already_refunded'] ?? 0);

export function describeLoad(report: LoadReport): string {
  const refused = Object.entries(report.refused)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
  const retried = Object.entries(report.retriedStatuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(', ');
  return (
    `${report.requests} refund requests (${report.attempts} attempts): ${report.acked.size} acknowledged, ` +
    `refused: ${refused || 'none'}; retried after ${report.networkErrors} network errors` +
    `${retried ? ` and ${retried}` : ''}; ${report.unresolved.length} unresolved`
  );
}
