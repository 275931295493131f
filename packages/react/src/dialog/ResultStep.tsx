import type { Refund } from '@refundkit/core';
import { useEffect, useRef } from 'react';
import { useRefundkit } from '../context.js';
import type { MessageValues } from '../messages.js';
import { RefundStatus } from '../RefundStatus.js';
import { formatAmount, type Refundable } from '../refundable.js';

export interface ResultStepProps {
  refund: Refund;
  rules: Refundable;
  values: MessageValues;
  onClose: () => void;
}

/** The refund created, in words, with its status kept live. */
export function ResultStep({ refund, rules, values, onClose }: ResultStepProps) {
  const { messages, locale } = useRefundkit();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
  }, []);
  const amount = formatAmount(refund.amount.amount, rules.currency, locale, rules.dialect);
  return (
    <div className="rk-done">
      <output className="rk-summary">{messages.done({ ...values, amount })}</output>
      <RefundStatus refund={refund} />
      <div className="rk-actions">
        <button ref={closeRef} type="button" className="rk-button rk-primary" onClick={onClose}>
          {messages.close}
        </button>
      </div>
    </div>
  );
}
