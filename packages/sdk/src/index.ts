export type {
  Money,
  PaymentSnapshot,
  Refund,
  RefundHold,
  RefundReason,
  RefundStatus,
} from '@refundkit/core';
export {
  type AnyClientConfig,
  type AnyRefundkitClient,
  type ClientConfig,
  createClient,
  type DialectClientConfig,
  type RefundkitClient,
} from './client.js';
export { type ClientOptions, keyLivemode } from './config.js';
export type { RawBody } from './crypto.js';
export { canonicalRefund, type RefundFieldsOf } from './dialects/canonical.js';
export {
  CHECKOUT_SIGNATURE_HEADER,
  type CheckoutClient,
  type CheckoutRefundResult,
  type CheckoutRefundsResource,
  type CheckoutWebhookEvent,
  createCheckoutClient,
} from './dialects/checkout/client.js';
export { checkoutRefunds, checkoutWire } from './dialects/checkout/refunds.js';
export type { CheckoutEvent, CheckoutRefund, CheckoutRefundAccepted } from './dialects/checkout/types.js';
export { type ConvergeGateClient, createConvergeGateClient } from './dialects/convergegate/client.js';
export { basicAuth, convergeGateWire } from './dialects/convergegate/protocol.js';
export { convergeGateRefunds } from './dialects/convergegate/refunds.js';
export type {
  CheckoutSessionResult,
  CheckoutSessionsResource,
  ResponseInfo,
} from './dialects/convergegate/sessions.js';
export {
  SIGNATURE_HEADER,
  signPayload as signWebhook,
  TIMESTAMP_HEADER,
  type VerifyOptions,
} from './dialects/convergegate/signature.js';
export type {
  CheckoutSession,
  CheckoutSessionStatus,
  ConvergeGateEvent,
  ConvergeGateEventType,
  ConvergeGateList,
  ConvergeGateReason,
  ConvergeGateRefund,
  ConvergeGateRefundStatus,
  CreateCheckoutSessionParams,
  ListCheckoutSessionsParams,
  PayCheckoutSessionParams,
} from './dialects/convergegate/types.js';
export type {
  CheckoutSessionEventType,
  ConvergeGateWebhooks,
  RefundEventType,
  WebhookEvent,
  WebhookOptions,
} from './dialects/convergegate/webhooks.js';
export {
  createStripeClient,
  STRIPE_SIGNATURE_HEADER,
  type StripeClient,
  type StripeRefundsResource,
  type StripeWebhookEvent,
} from './dialects/stripe/client.js';
export { stripeRefunds } from './dialects/stripe/refunds.js';
export type { StripeEvent, StripeList, StripeRefund } from './dialects/stripe/types.js';
export {
  type EndpointVerifyOptions,
  type EndpointWebhooks,
  signTimestamped,
  verifyTimestamped,
} from './dialects/timestamped.js';
export type {
  CreateRefundParams,
  ListRefundsParams,
  RefundAdapter,
  RefundContext,
  RefundFields,
  RefundResult,
  WaitForOptions,
  WaitUntil,
} from './dialects/types.js';
export {
  isRefundkitError,
  parseRetryAfter,
  RefundkitAPIError,
  RefundkitAuthenticationError,
  RefundkitConnectionError,
  RefundkitError,
  type RefundkitErrorInit,
  type RefundkitErrorType,
  RefundkitIdempotencyError,
  RefundkitInvalidRequestError,
  RefundkitPermissionError,
  RefundkitRateLimitError,
  RefundkitSignatureError,
  RefundkitWaitTimeoutError,
} from './errors.js';
export { encodeForm, type FormValue } from './form.js';
export { type HeadersLike, headerValue } from './headers.js';
export { newIdempotencyKey } from './idempotency.js';
export { firstPage, type Page, type PageFetcher } from './page.js';
export {
  type LocalRefund,
  type PendingPage,
  type PendingSource,
  RECONCILE_DEFAULTS,
  type ReconcileChange,
  type ReconcileClient,
  type ReconcileErrorCode,
  type ReconcileIssue,
  type ReconcileOptions,
  type ReconcileReport,
  RefundkitReconcileError,
  RefundkitReconcileSourceError,
  reconcile,
} from './reconcile.js';
export { decideReconcile, type ReconcileDecision } from './reconcile-decision.js';
export { type RefundsResource, refundsResource, ruleError, sendRefund } from './refunds.js';
export { DEFAULT_TOLERANCE_SEC, type Freshness } from './signature.js';
export {
  type ApiRequest,
  type ApiResponse,
  createTransport,
  DEFAULTS,
  errorFields,
  type HttpMethod,
  type RequestEvent,
  type RequestOptions,
  type ResponseEvent,
  type Transport,
  type TransportConfig,
  type WireError,
  type WireProtocol,
} from './transport.js';
export { parseWebhook, rawBodyFromRequest, type VerifyWebhookOptions, verifyWebhook } from './webhooks.js';
