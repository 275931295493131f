export type { Database } from './db/schema.js';
export type {
  ConvergeGateError,
  ConvergeGateErrorType,
  ConvergeGateEvent,
  ConvergeGateEventType,
  ConvergeGateList,
  ConvergeGateReason,
  ConvergeGateRefund,
  ConvergeGateRefundStatus,
  ConvergeGateSession,
} from './dialects/convergegate/objects.js';
export { BODY_LIMIT_BYTES } from './http/limits.js';
export { BLIK_CODES, SANDBOX_OUTCOMES } from './sandbox.js';
export { createServer, type RunningServer, type ServerOptions, VERSION } from './server.js';
export { sign as signWebhook } from './workers/webhooks.js';
