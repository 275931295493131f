import { checkRefund, type Payment, type Refund, type RefundStatus } from '@refundkit/core';
import { type CreateRefundInput, RefundRequestError, type RefundTransport } from '../transport.js';

/**
 * An in-memory backend for stories and component tests. It runs core's policy like the real server
 * and replays a repeated idempotency key; scripted outcomes cover what a story needs to show.
 */
export interface MemoryOptions {
  payments: Payment[];
  refunds?: Refund[];
  /** Every createRefund fails with this error (a server refusal). */
  failWith?: { code: string; message: string; status: number } | undefined;
  /** createRefund never answers (the submitting state). */
  hang?: boolean | undefined;
  /** Statuses each refund goes through, one per getRefund after creation. Default: stays pending. */
  progress?: RefundStatus[] | undefined;
  failureReason?: string | undefined;
  /** Answer after this many ms (0 = next microtask). */
  latency?: number | undefined;
}

export interface MemoryTransport extends RefundTransport {
  readonly calls: { create: CreateRefundInput[]; get: string[]; list: string[] };
  readonly refunds: Refund[];
  /** Makes waiting calls answer, for tests that hold a request open. */
  release(): void;
}

export function createMemoryTransport(options: MemoryOptions): MemoryTransport {
  const refunds = [...(options.refunds ?? [])];
  const byKey = new Map<string, Refund>();
  const steps = new Map<string, number>();
  const calls = { create: [] as CreateRefundInput[], get: [] as string[], list: [] as string[] };
  let waiting: (() => void)[] = [];
  let held = options.hang ?? false;
  let clock = 1_760_000_000;

  const later = <T>(work: () => T, signal?: AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = () => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      };
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      if (held) waiting.push(run);
      else if (options.latency) setTimeout(run, options.latency);
      else queueMicrotask(run);
    });

  const replace = (refund: Refund) => {
    refunds[refunds.findIndex((r) => r.id === refund.id)] = refund;
    return refund;
  };

  return {
    calls,
    refunds,
    release() {
      held = false;
      const run = waiting;
      waiting = [];
      for (const work of run) work();
    },
    createRefund(input, signal) {
      calls.create.push(input);
      return later(() => {
        const replay = byKey.get(input.idempotencyKey);
        if (replay) return replay;
        if (options.failWith) {
          const { code, message, status } = options.failWith;
          throw new RefundRequestError(code, message, status);
        }
        const payment = options.payments.find((p) => p.id === input.paymentId);
        if (!payment) throw new RefundRequestError('resource_missing', 'No such payment.', 404, 'paymentId');
        const holds = refunds
          .filter((r) => r.paymentId === payment.id)
          .map((r) => ({ amount: r.amount.amount, status: r.status }));
        const verdict = checkRefund({
          payment: {
            ...payment,
            currency: payment.amount.currency,
            capturedAt: payment.createdAt,
            amount: payment.amount.amount,
          },
          refunds: holds,
          request: { amount: input.amount, reason: input.reason },
          capabilities: payment.dialect,
        });
        if (!verdict.ok) {
          throw new RefundRequestError(verdict.error.code, verdict.error.message, 400, verdict.error.param);
        }
        clock += 1;
        const refund: Refund = {
          id: `re_${refunds.length + 1}`,
          dialect: payment.dialect,
          paymentId: payment.id,
          amount: { amount: verdict.value.amount, currency: verdict.value.currency },
          status: 'pending',
          reason: input.reason,
          reasonText: null,
          metadata: input.note ? { note: input.note } : {},
          failureReason: null,
          livemode: false,
          createdAt: clock,
          updatedAt: clock,
        };
        refunds.push(refund);
        byKey.set(input.idempotencyKey, refund);
        return refund;
      }, signal);
    },
    getRefund(id, signal) {
      calls.get.push(id);
      return later(() => {
        const found = refunds.find((r) => r.id === id);
        if (!found) throw new RefundRequestError('resource_missing', `No such refund: ${id}.`, 404, 'id');
        const progress = options.progress ?? [];
        const step = steps.get(id) ?? 0;
        steps.set(id, step + 1);
        const status = progress[Math.min(step, progress.length - 1)];
        if (!status || status === found.status) return found;
        clock += 1;
        return replace({
          ...found,
          status,
          failureReason: status === 'failed' ? (options.failureReason ?? 'The card was closed.') : null,
          updatedAt: clock,
        });
      }, signal);
    },
    async listRefunds(paymentId) {
      calls.list.push(paymentId);
      return refunds.filter((r) => r.paymentId === paymentId);
    },
  };
}
