// The face of @refundkit/react: what a dashboard uses. The dialog's parts, its flow machine and the
// request machine are internals (src/dialog, request.ts, attempt.ts, machine.ts).

// Core's types that the props, hooks and transport below name, and the fields of them an app reads,
// so a dashboard needs one import. `RefundStatus` is both the component and core's status type.
export type {
  Capabilities,
  Dialect,
  Metadata,
  Money,
  NormalizedRefund,
  Payment,
  PaymentState,
  Refund,
  RefundError,
  RefundErrorCode,
  RefundReason,
  Result,
} from '@refundkit/core';
export {
  type RefundkitContextValue,
  RefundkitProvider,
  type RefundkitProviderProps,
  useRefundkit,
} from './context.js';
export {
  newIdempotencyKey,
  type RefundStatusState,
  type UseRefund,
  useRefund,
  useRefundable,
  useRefundStatus,
} from './hooks.js';
export {
  defaultMessages,
  type MessageOverrides,
  type MessageValues,
  mergeMessages,
  type RefundMessages,
} from './messages.js';
export { RefundButton, type RefundButtonProps } from './RefundButton.js';
export { RefundStatus, type RefundStatusProps } from './RefundStatus.js';
export {
  amountInputText,
  type Refundable,
  type RefundableOptions,
  type RefundDraft,
  refundableFor,
} from './refundable.js';
export type { RefundRequestState } from './request.js';
export { createRefundStore, type PollingOptions, type RefundSnapshot, type RefundStore } from './store.js';
export {
  type CreateRefundInput,
  createFetchTransport,
  type FetchTransportOptions,
  RefundRequestError,
  type RefundTransport,
} from './transport.js';
