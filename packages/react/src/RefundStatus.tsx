import type { Refund, RefundStatus as Status } from '@refundkit/core';
import { useRefundkit } from './context.js';
import { useRefundStatus } from './hooks.js';

// 16px stroke icons, one per status, so status never rests on colour alone.
const ICONS: Record<Status, string> = {
  pending: 'M8 4v4l2.5 1.5M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0Z',
  requires_action: 'M8 4.5v4.5M8 11.5v.01M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0Z',
  succeeded: 'm5 8.2 2 2 4-4.4M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0Z',
  failed: 'm5.7 5.7 4.6 4.6m0-4.6-4.6 4.6M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0Z',
  canceled: 'm3.4 3.4 9.2 9.2M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0Z',
};

/**
 * Core's canonical status (`pending`, `requires_action`, `succeeded`, `failed`, `canceled`) under the
 * component's name: as a type it is the status, as a value the badge, and one import brings both.
 */
export type RefundStatus = Status;

export type RefundStatusProps = (
  | { refund: Refund; refundId?: undefined }
  | { refundId: string; refund?: undefined }
) & { className?: string | undefined };

/** A refund's status with label, colour and icon, kept live until the refund is terminal. */
export function RefundStatus({ refund: given, refundId, className }: RefundStatusProps) {
  const { messages } = useRefundkit();
  const { refund, error } = useRefundStatus(given ?? refundId);
  const status = refund?.status;
  return (
    <span
      className={className ? `rk-status ${className}` : 'rk-status'}
      data-status={status ?? (error ? 'unavailable' : 'loading')}
      aria-live="polite"
    >
      {status ? (
        <>
          <svg className="rk-status-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d={ICONS[status]} />
          </svg>
          <span className="rk-status-label">{messages.status[status]}</span>
          {refund.failureReason && status === 'failed' ? (
            <span className="rk-status-reason">{messages.failureReason(refund.failureReason)}</span>
          ) : null}
        </>
      ) : error ? (
        <span className="rk-status-label">{messages.statusUnavailable(error)}</span>
      ) : (
        <span className="rk-status-label">{messages.statusLoading}</span>
      )}
    </span>
  );
}
