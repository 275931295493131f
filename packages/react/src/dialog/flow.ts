import type { Refund } from '@refundkit/core';
import { type Attempt, type AttemptInput, attemptFor } from '../attempt.js';
import type { RefundRequestError } from '../transport.js';
import { type Draft, freshDraft } from './draft.js';

/**
 * How far the figures behind a refusal's words can be trusted:
 * `unchanged` — not a cap refusal, the dialog's figures stand;
 * `fresh` — a cap refusal, and the payment's refunds were read again since;
 * `stale` — a cap refusal the dialog could not re-read: only the server's own words are true.
 */
export type Figures = 'unchanged' | 'fresh' | 'stale';

/** Where the dialog is. The step is kept while the dialog is closed, so it reopens where it was left. */
export type Step =
  | { readonly name: 'editing' }
  | { readonly name: 'reviewing' }
  | { readonly name: 'submitting' }
  /** A cap refusal: the payment's refunds are being read again before the refusal is explained. */
  | { readonly name: 'rereading'; readonly error: RefundRequestError }
  | { readonly name: 'failed'; readonly error: RefundRequestError; readonly figures: Figures }
  | { readonly name: 'done'; readonly refund: Refund };

export interface Flow {
  readonly open: boolean;
  readonly step: Step;
  readonly draft: Draft;
  /** The unfinished attempt: its key is reused while the same refund is sent again. */
  readonly attempt: Attempt | null;
  /** Refunds this dialog created, counted until the parent's list has them. */
  readonly created: readonly Refund[];
  /** The payment's refunds as last re-read after a cap refusal. */
  readonly fetched: readonly Refund[];
}

export type FlowEvent =
  /** The trigger; `fullText` is the full refundable amount as the amount field shows it. */
  | { readonly type: 'open'; readonly blocked: boolean; readonly fullText: string }
  /** The dialog closed (Cancel, Close, Esc). */
  | { readonly type: 'close' }
  | { readonly type: 'change'; readonly draft: Partial<Draft> }
  /** "Review refund"; `valid` is core's verdict on the draft. */
  | { readonly type: 'review'; readonly valid: boolean }
  /** "Edit" on the confirm step. */
  | { readonly type: 'back' }
  /** Confirm or "Try again"; `input` is the draft as a refund when core accepts it; `key` a fresh key. */
  | { readonly type: 'submit'; readonly input: AttemptInput | undefined; readonly key: string }
  | { readonly type: 'succeeded'; readonly refund: Refund }
  /** `canReread`: the transport can list the payment's refunds. */
  | { readonly type: 'failed'; readonly error: RefundRequestError; readonly canReread: boolean }
  | { readonly type: 'reread'; readonly refunds: readonly Refund[] }
  | { readonly type: 'rereadFailed' };

/**
 * Refusals that mean the dialog's figures were stale (another refund landed meanwhile): the words for
 * them are only true with the payment's refunds as they are now.
 */
export const STALE_CAP: ReadonlySet<string> = new Set([
  'amount_exceeds_refundable',
  'already_refunded',
  'too_many_refunds',
  'partial_not_supported',
]);

export const CLOSED: Flow = {
  open: false,
  step: { name: 'editing' },
  draft: freshDraft(''),
  attempt: null,
  created: [],
  fetched: [],
};

const EDITING: Step = { name: 'editing' };

/** What a closed dialog shows when opened: where it was left, or a fresh form after a refund or when nothing was typed. */
function opened(flow: Flow, fullText: string): Flow {
  const fresh = flow.step.name === 'done' || (flow.step.name === 'editing' && flow.draft.amountText === '');
  return fresh
    ? { ...flow, open: true, step: EDITING, draft: freshDraft(fullText) }
    : { ...flow, open: true };
}

/**
 * The dialog's transition function. Pure: the same flow and event give the same flow; an event that
 * does not apply returns the flow itself (ignored). The table in README.md lists every step × event.
 */
export function refundFlow(flow: Flow, event: FlowEvent): Flow {
  const { step } = flow;
  switch (event.type) {
    case 'open':
      return flow.open || event.blocked ? flow : opened(flow, event.fullText);
    case 'close':
      return flow.open ? { ...flow, open: false } : flow;
    // What the user does happens in an open dialog only.
    case 'change':
      return flow.open && step.name === 'editing'
        ? { ...flow, draft: { ...flow.draft, ...event.draft } }
        : flow;
    case 'review':
      return flow.open && step.name === 'editing' && event.valid
        ? { ...flow, step: { name: 'reviewing' } }
        : flow;
    case 'back':
      return flow.open && (step.name === 'reviewing' || step.name === 'failed')
        ? { ...flow, step: EDITING }
        : flow;
    case 'submit':
      // Not while a request is in flight or its refusal is being re-read: no double submit.
      if (!flow.open || !event.input || (step.name !== 'reviewing' && step.name !== 'failed')) return flow;
      return {
        ...flow,
        step: { name: 'submitting' },
        attempt: attemptFor(flow.attempt, event.input, event.key),
      };
    // Answers arrive whether the dialog is open or not: the request runs on when it closes.
    case 'succeeded':
      if (step.name !== 'submitting') return flow;
      return {
        ...flow,
        step: { name: 'done', refund: event.refund },
        attempt: null,
        created: [...flow.created, event.refund],
      };
    case 'failed': {
      if (step.name !== 'submitting') return flow;
      const { error } = event;
      if (!STALE_CAP.has(error.code))
        return { ...flow, step: { name: 'failed', error, figures: 'unchanged' } };
      if (event.canReread) return { ...flow, step: { name: 'rereading', error } };
      return { ...flow, step: { name: 'failed', error, figures: 'stale' } };
    }
    case 'reread':
      if (step.name !== 'rereading') return flow;
      return {
        ...flow,
        step: { name: 'failed', error: step.error, figures: 'fresh' },
        fetched: event.refunds,
      };
    case 'rereadFailed':
      if (step.name !== 'rereading') return flow;
      return { ...flow, step: { name: 'failed', error: step.error, figures: 'stale' } };
  }
}
