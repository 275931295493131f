import type { RefundReason } from '@refundkit/core';
import { useEffect, useRef } from 'react';
import { useRefundkit } from '../context.js';
import type { MessageValues } from '../messages.js';
import { errorWords } from '../refundable.js';
import type { Step } from './flow.js';

export interface ReviewStepProps {
  step: Extract<Step, { name: 'reviewing' | 'submitting' | 'rereading' | 'failed' }>;
  reason: RefundReason | null;
  values: MessageValues;
  /** Core accepts the draft with the figures as they are now. */
  valid: boolean;
  onBack: () => void;
  onConfirm: () => void;
}

/** The confirm step: what will happen in words, then the request in flight and a refusal explained. */
export function ReviewStep({ step, reason, values, valid, onBack, onConfirm }: ReviewStepProps) {
  const { messages } = useRefundkit();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
  }, []);

  const busy = step.name === 'submitting' || step.name === 'rereading';
  const failed = step.name === 'failed' ? step : undefined;
  // Fresh figures that rule out the amount asked for: what is left to do is to edit it.
  const outdated = failed?.figures === 'fresh' && !valid;
  useEffect(() => {
    if (outdated) editRef.current?.focus();
  }, [outdated]);

  // Without fresh figures the local words could contradict the server: its own message is then the truth.
  const words =
    failed &&
    (failed.figures === 'stale'
      ? failed.error.message
      : errorWords(messages, values, failed.error.code, failed.error.message));

  return (
    <div className="rk-confirm">
      <p className="rk-summary">{messages.confirm(values)}</p>
      <p className="rk-hint">
        {messages.confirmHint(values)}
        {reason ? ` ${messages.confirmReason(messages.reasons[reason])}` : ''}
      </p>
      {failed ? (
        <p className="rk-problem rk-alert" role="alert">
          {messages.serverError({ ...values, message: words ?? '', code: failed.error.code })}
        </p>
      ) : null}
      <div className="rk-actions">
        <button
          ref={editRef}
          type="button"
          className="rk-button rk-secondary"
          aria-disabled={busy ? true : undefined}
          onClick={onBack}
        >
          {messages.edit}
        </button>
        <button
          ref={confirmRef}
          type="button"
          className="rk-button rk-primary"
          aria-disabled={busy || !valid ? true : undefined}
          aria-busy={busy ? true : undefined}
          onClick={onConfirm}
        >
          {busy ? messages.submitting : failed ? messages.retry : messages.confirmButton(values)}
        </button>
      </div>
    </div>
  );
}
