import type { Capabilities, Dialect, Payment, Refund } from '@refundkit/core';
import { type ReactNode, useId, useMemo, useRef } from 'react';
import { needTransport, sendAttempt } from './attempt.js';
import { useRefundkit } from './context.js';
import { AmountStep } from './dialog/AmountStep.js';
import { DialogShell } from './dialog/DialogShell.js';
import { checkDraft } from './dialog/draft.js';
import { CLOSED, refundFlow } from './dialog/flow.js';
import { ResultStep } from './dialog/ResultStep.js';
import { ReviewStep } from './dialog/ReviewStep.js';
import { useReread } from './dialog/useReread.js';
import { newIdempotencyKey, useRefundable } from './hooks.js';
import { useMachine } from './machine.js';
import { amountInputText, errorWords, mergeRefunds, messageValues } from './refundable.js';

export interface RefundButtonProps {
  payment: Payment;
  /** The payment's refunds so far; refunds this button creates are counted too until the list has them. */
  refunds?: readonly Refund[] | undefined;
  /** Whose rules apply; defaults to the payment's dialect. */
  dialect?: Dialect | undefined;
  /** A full capability set, for a gateway that is not one of the presets. */
  capabilities?: Capabilities | undefined;
  /** Called once the backend has accepted a refund (usually `pending`). */
  onRefunded?: ((refund: Refund) => void) | undefined;
  /** The button's content; defaults to the `refund` message. */
  children?: ReactNode;
  className?: string | undefined;
}

const NO_REFUNDS: readonly Refund[] = [];

/**
 * A button that opens a dialog to refund (part of) a payment, with core's rules checked as the user
 * types. The dialog's flow is the pure machine in dialog/flow.ts; this component feeds it events and
 * runs what it asks for (the request, the re-read after a cap refusal).
 */
export function RefundButton(props: RefundButtonProps) {
  const { payment, onRefunded } = props;
  const { transport, store, locale, messages } = useRefundkit();
  const [flow, send] = useMachine(refundFlow, () => CLOSED);
  const given = props.refunds ?? NO_REFUNDS;
  const { fetched, created, step } = flow;
  const refunds = useMemo(() => mergeRefunds(given, fetched, created), [given, fetched, created]);
  const rules = useRefundable(payment, refunds, { dialect: props.dialect, capabilities: props.capabilities });
  const fullText = amountInputText(rules.refundable, rules.currency, locale, rules.dialect);
  const check = checkDraft(rules, flow.draft, { paymentId: payment.id, locale, fullText });
  // The amount as typed once it reads as one, valid or not: the confirm step names what was asked for.
  const values = messageValues(rules, locale, { amount: check.amount, error: check.problem });
  const triggerRef = useRef<HTMLButtonElement>(null);
  const blockedId = useId();
  const { blocked } = rules;
  const blockedText =
    blocked &&
    errorWords(messages, messageValues(rules, locale, { error: blocked }), blocked.code, blocked.message);

  useReread(step, send, transport, payment.id);

  const confirm = async () => {
    const backend = needTransport(transport, 'RefundButton');
    const attempt = send({ type: 'submit', input: check.input, key: newIdempotencyKey() })?.attempt;
    if (!attempt) return;
    const outcome = await sendAttempt(backend, store, attempt);
    if (!outcome.ok) {
      send({ type: 'failed', error: outcome.error, canReread: typeof backend.listRefunds === 'function' });
      return;
    }
    send({ type: 'succeeded', refund: outcome.refund });
    onRefunded?.(outcome.refund);
  };
  const close = () => send({ type: 'close' });

  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        className={props.className ? `rk-button ${props.className}` : 'rk-button'}
        aria-haspopup="dialog"
        aria-disabled={blocked ? true : undefined}
        aria-describedby={blocked ? blockedId : undefined}
        onClick={() => send({ type: 'open', blocked: blocked !== null, fullText })}
      >
        {props.children ?? messages.refund}
      </button>
      {blockedText ? (
        <span id={blockedId} className="rk-blocked">
          {blockedText}
        </span>
      ) : null}
      <DialogShell
        open={flow.open}
        title={messages.dialogTitle}
        onClose={() => {
          close();
          triggerRef.current?.focus();
        }}
      >
        {step.name === 'editing' ? (
          <AmountStep
            rules={rules}
            draft={flow.draft}
            check={check}
            values={values}
            onChange={(draft) => send({ type: 'change', draft })}
            onReview={() => send({ type: 'review', valid: check.input !== undefined })}
            onCancel={close}
          />
        ) : step.name === 'done' ? (
          <ResultStep refund={step.refund} rules={rules} values={values} onClose={close} />
        ) : (
          <ReviewStep
            step={step}
            reason={flow.draft.reason}
            values={values}
            valid={check.input !== undefined}
            onBack={() => send({ type: 'back' })}
            onConfirm={confirm}
          />
        )}
      </DialogShell>
    </>
  );
}
