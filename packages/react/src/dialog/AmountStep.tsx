import { REFUND_REASONS, type RefundReason } from '@refundkit/core';
import { type FormEvent, useEffect, useId, useRef } from 'react';
import { useRefundkit } from '../context.js';
import type { MessageValues } from '../messages.js';
import type { Refundable } from '../refundable.js';
import { errorWords } from '../refundable.js';
import type { Draft, DraftCheck } from './draft.js';

export interface AmountStepProps {
  rules: Refundable;
  draft: Draft;
  check: DraftCheck;
  values: MessageValues;
  onChange: (draft: Partial<Draft>) => void;
  onReview: () => void;
  onCancel: () => void;
}

/** The form: amount (checked by core as the user types, the problem said in words), reason, note. */
export function AmountStep({ rules, draft, check, values, onChange, onReview, onCancel }: AmountStepProps) {
  const { messages } = useRefundkit();
  const amountRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const ids = {
    amount: `${id}a`,
    hint: `${id}h`,
    problem: `${id}p`,
    reason: `${id}r`,
    note: `${id}o`,
    noteHint: `${id}n`,
  };
  useEffect(() => {
    amountRef.current?.focus();
  }, []);

  const { problem, empty } = check;
  const problemText = empty
    ? messages.enterAmount
    : problem && errorWords(messages, values, problem.code, problem.message);
  const reasonProblem = problem?.code === 'reason_invalid';
  const reasons = REFUND_REASONS.filter((r) => r !== 'other' || rules.capabilities.freeTextReason);

  const review = (event: FormEvent) => {
    event.preventDefault();
    if (!check.input) amountRef.current?.focus();
    onReview();
  };

  return (
    <form className="rk-form" onSubmit={review} noValidate>
      <div className="rk-field">
        <label htmlFor={ids.amount}>{messages.amountLabel(values)}</label>
        <input
          ref={amountRef}
          id={ids.amount}
          className="rk-input"
          inputMode={values.decimals ? 'decimal' : 'numeric'}
          autoComplete="off"
          value={check.text}
          readOnly={rules.fullOnly}
          aria-invalid={problem || empty ? true : undefined}
          aria-describedby={`${ids.hint} ${ids.problem}`}
          onChange={(event) => onChange({ amountText: event.target.value })}
        />
        <p id={ids.hint} className="rk-hint">
          {rules.fullOnly ? messages.fullOnlyHint(values) : messages.amountHint(values)}
        </p>
        <p id={ids.problem} className="rk-problem" aria-live="polite">
          {reasonProblem ? null : problemText}
        </p>
      </div>
      <div className="rk-field">
        <label htmlFor={ids.reason}>{messages.reasonLabel}</label>
        <select
          id={ids.reason}
          className="rk-input"
          value={draft.reason ?? ''}
          onChange={(event) => onChange({ reason: (event.target.value || null) as RefundReason | null })}
        >
          {reasons.map((r) => (
            <option key={r} value={r}>
              {messages.reasons[r]}
            </option>
          ))}
          <option value="">{messages.noReason}</option>
        </select>
      </div>
      <div className="rk-field">
        <label htmlFor={ids.note}>{messages.noteLabel}</label>
        <textarea
          id={ids.note}
          className="rk-input"
          rows={2}
          maxLength={500}
          value={draft.note}
          aria-invalid={reasonProblem ? true : undefined}
          aria-describedby={ids.noteHint}
          onChange={(event) => onChange({ note: event.target.value })}
        />
        <p id={ids.noteHint} className={reasonProblem ? 'rk-problem' : 'rk-hint'}>
          {reasonProblem ? problemText : messages.noteHint}
        </p>
      </div>
      <div className="rk-actions">
        <button type="button" className="rk-button rk-secondary" onClick={onCancel}>
          {messages.cancel}
        </button>
        <button type="submit" className="rk-button rk-primary" aria-disabled={check.input ? undefined : true}>
          {messages.review}
        </button>
      </div>
    </form>
  );
}
