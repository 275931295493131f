import { dialectReasons } from '@refundkit/core';

// Plain JSON Schema: Fastify validates with it and @fastify/swagger turns it into OpenAPI 3.1.
// Form bodies are coerced to these types before validation (see http/form.ts); JSON bodies are not.

const metadata = {
  type: 'object',
  description: 'Up to 50 keys of 1–40 characters (no brackets), string values up to 500 characters.',
  additionalProperties: { type: 'string' },
} as const;

const id = { type: 'string', minLength: 1, maxLength: 255 } as const;
const url = { type: 'string', maxLength: 2048 } as const;

export const createSessionBody = {
  type: 'object',
  additionalProperties: false,
  required: [
    'amount',
    'currency',
    'customer_email',
    'customer_firstname',
    'customer_lastname',
    'success_url',
  ],
  properties: {
    amount: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Minor units.' },
    currency: { type: 'string', minLength: 3, maxLength: 3, description: 'ISO 4217, any case.' },
    customer_email: { type: 'string', minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' },
    customer_firstname: { type: 'string', minLength: 1, maxLength: 200 },
    customer_lastname: { type: 'string', minLength: 1, maxLength: 200 },
    success_url: url,
    cancel_url: url,
    notification_url: { ...url, pattern: '^https?://' },
    customer_ip: { type: 'string', maxLength: 64 },
    customer_country: { type: 'string', maxLength: 64 },
    payment_method: {
      description: '`blik` is the only method; a single value or a list (`payment_method[]=blik`).',
      type: 'array',
      items: { type: 'string', enum: ['blik'] },
      maxItems: 5,
    },
    expires_at: { type: 'integer', minimum: 1, description: 'Unix seconds; default: 24 h after creation.' },
    locale: { type: 'string', maxLength: 35 },
    metadata,
  },
} as const;

export const payBody = {
  type: 'object',
  additionalProperties: false,
  required: ['blik_code'],
  properties: {
    blik_code: {
      type: 'string',
      pattern: '^[0-9]{6}$',
      description: 'Six digits. Sandbox: 000000 declines, 111111 never confirms, anything else completes.',
    },
  },
} as const;

export const createRefundBody = {
  type: 'object',
  additionalProperties: false,
  required: ['session_id'],
  properties: {
    session_id: id,
    amount: {
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Minor units; omitted: everything still refundable.',
    },
    reason: { type: 'string', enum: dialectReasons('convergegate') },
    metadata: {
      ...metadata,
      description: `${metadata.description} \`sandbox_outcome\`: succeeded (default), failed or requires_action.`,
    },
  },
} as const;

/** Retrieves take no query parameters: an unknown one is an error, as in a body. */
export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id },
} as const;

const page = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
  starting_after: id,
} as const;

export const listSessionsQuery = { type: 'object', additionalProperties: false, properties: page } as const;
export const listRefundsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...page, session_id: id },
} as const;

export const payQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { blik_code: payBody.properties.blik_code },
} as const;

const nullable = (type: string) => ({ type: [type, 'null'] }) as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const sessionObject = {
  $id: 'ConvergeGateSession',
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['open', 'completed', 'expired'] },
    amount_total: { type: 'integer' },
    amount_subtotal: { type: 'integer' },
    amount_sub_total: { type: 'integer' },
    amount_refunded: { type: 'integer' },
    currency: { type: 'string' },
    url: { type: 'string' },
    success_url: { type: 'string' },
    cancel_url: { type: 'string' },
    notification_url: { type: 'string' },
    customer_email: { type: 'string' },
    customer_firstname: { type: 'string' },
    customer_lastname: { type: 'string' },
    customer_phone: { type: 'string' },
    customer_ip: { type: 'string' },
    customer_country: { type: 'string' },
    payment_method_types: { type: 'array', items: { type: 'string' } },
    locale: { type: 'string' },
    expires_at: nullable('integer'),
    expire_at: nullable('integer'),
    metadata: stringMap,
    livemode: { type: 'boolean' },
    created_at: { type: 'integer' },
  },
} as const;

export const refundObject = {
  $id: 'ConvergeGateRefund',
  type: 'object',
  properties: {
    id: { type: 'string' },
    amount: { type: 'integer' },
    status: { type: 'string', enum: ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] },
    reason: { type: ['string', 'null'], enum: [...dialectReasons('convergegate'), null] },
    created_at: { type: 'integer' },
    livemode: { type: 'boolean' },
    session_id: { type: 'string' },
    currency: { type: 'string' },
    metadata: stringMap,
    failure_reason: nullable('string'),
    updated_at: { type: 'integer' },
  },
} as const;

export const errorObject = {
  $id: 'ConvergeGateError',
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        type: {
          type: 'string',
          enum: [
            'api_error',
            'authentication_error',
            'permission_error',
            'voucher_error',
            'invalid_request_error',
          ],
        },
        message: { type: 'string' },
        param: { type: 'string' },
        code: { type: 'string' },
        decline_code: { type: 'string' },
      },
    },
  },
} as const;

const listOf = (ref: string) =>
  ({
    type: 'object',
    properties: {
      object: { type: 'string', enum: ['list'] },
      data: { type: 'array', items: { $ref: `${ref}#` } },
      has_more: { type: 'boolean' },
    },
  }) as const;

const errors = {
  400: { $ref: 'ConvergeGateError#' },
  401: { $ref: 'ConvergeGateError#' },
  404: { $ref: 'ConvergeGateError#' },
} as const;
const writeErrors = {
  ...errors,
  402: { $ref: 'ConvergeGateError#' },
  409: { $ref: 'ConvergeGateError#' },
  422: { $ref: 'ConvergeGateError#' },
} as const;

export const responses = {
  session: { 200: { $ref: 'ConvergeGateSession#' }, ...errors },
  sessionWrite: { 200: { $ref: 'ConvergeGateSession#' }, ...writeErrors },
  sessions: { 200: listOf('ConvergeGateSession'), ...errors },
  refund: { 200: { $ref: 'ConvergeGateRefund#' }, ...errors },
  refundWrite: { 200: { $ref: 'ConvergeGateRefund#' }, ...writeErrors },
  refunds: { 200: listOf('ConvergeGateRefund'), ...errors },
};

export const idempotencyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      maxLength: 255,
      description:
        'Optional. Same key + same request replays the stored response (header Idempotent-Replayed: true).',
    },
  },
} as const;
