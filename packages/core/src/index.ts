export { CAPABILITIES, type Capabilities } from './capabilities.js';
export {
  CURRENCY_EXPONENTS,
  CURRENCY_OVERRIDES,
  currencyExponent,
  isCurrency,
  normalizeCurrency,
} from './currency.js';
export { DIALECTS, type Dialect, isDialect } from './dialect.js';
export {
  ERROR_CODES,
  fail,
  isRefundError,
  ok,
  RefundError,
  type RefundErrorCode,
  type RefundErrorOptions,
  type Result,
} from './errors.js';
export { canonicalJson, fingerprint } from './fingerprint.js';
export {
  METADATA_LIMITS,
  type Metadata,
  type MetadataPatch,
  mergeMetadata,
  validateMetadata,
} from './metadata.js';
export {
  PAYMENT_STATES,
  type Payment,
  type PaymentSnapshot,
  type PaymentState,
  type Refund,
  type RefundHold,
} from './model.js';
export {
  type FormatOptions,
  formatMoney,
  isMinorUnits,
  type Money,
  type MoneyOptions,
  money,
  type ParseOptions,
  parseAmount,
  toDecimalString,
} from './money.js';
export {
  checkRefund,
  heldAmount,
  type NormalizedRefund,
  type RefundCheck,
  type RefundRequest,
  refundableAmount,
} from './policy.js';
export {
  dialectReasons,
  isRefundReason,
  REASON_WORDS,
  REFUND_REASONS,
  type RefundReason,
  reasonFromDialect,
  reasonToDialect,
} from './reasons.js';
export {
  advance,
  canTransition,
  eventBetween,
  holdsFunds,
  isRefundStatus,
  isTerminal,
  REFUND_STATUSES,
  REFUND_WEBHOOKS,
  type RefundEvent,
  type RefundEventType,
  type RefundStatus,
  STATUS_WORDS,
  statusFromDialect,
  statusFromWebhook,
  statusToDialect,
  TRANSITIONS,
  transition,
} from './status.js';
