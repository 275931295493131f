import { type Dialect, formatMoney } from '@refundkit/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PaymentRow, Scope, Services } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import { confirmPayment, findPayment, getPayment } from '../../domain/payments.js';
import { transact } from '../../domain/queued.js';
import { registerDrain } from '../../http/drain.js';
import { coerceByRouteSchema } from '../../http/form.js';
import { refuseUnstorable } from '../../http/text.js';
import { blikOutcome } from './blik.js';
import { renderError } from './errors.js';
import { SESSION_STATUS } from './objects.js';
import { payBody } from './schemas.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}input{font:inherit;letter-spacing:.3em;width:8ch}button{font:inherit}.error{color:#b00020}</style></head><body>${body}</body></html>`;
}

function sessionPage(row: PaymentRow, message = ''): string {
  const status = SESSION_STATUS[row.state] ?? 'open';
  const amount = formatMoney(row.amount, row.currency, { dialect: 'convergegate' });
  const form =
    status === 'open'
      ? `<form method="post"><label>BLIK code <input name="blik_code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autocomplete="one-time-code"></label> <button>Pay ${escapeHtml(amount)}</button></form>`
      : '';
  const cancel =
    typeof row.data['cancel_url'] === 'string' && row.data['cancel_url']
      ? `<p><a href="${escapeHtml(row.data['cancel_url'])}">Back to the shop</a></p>`
      : '';
  return page(
    `Pay ${amount}`,
    `<h1>${escapeHtml(amount)}</h1><p>Status: <strong>${status}</strong>${row.livemode ? '' : ' (test mode)'}</p>${message}${form}${cancel}`,
  );
}

const html = (reply: FastifyReply, body: string, statusCode = 200) =>
  reply.code(statusCode).type('text/html; charset=utf-8').send(body);

const notFoundPage = (reply: FastifyReply) =>
  html(reply, page('Not found', '<h1>No such checkout session</h1>'), 404);

/**
 * The pay page's answer to an error, in HTML for the customer's browser: a session that cannot
 * exist is 404, any other refusal of the request (a body too large, not a form, broken JSON, a
 * path that is not UTF-8) keeps its 4xx status and says what was wrong; only a fault is a 500.
 */
export function payPageError(error: unknown, reply: FastifyReply): FastifyReply {
  if (error instanceof DomainError && error.kind === 'not_found') return notFoundPage(reply);
  const rendered = renderError(error);
  if (rendered.statusCode >= 500) {
    reply.log.error({ err: error }, 'pay page failed');
    return html(reply, page('Error', '<h1>Something went wrong</h1>'), 500);
  }
  return html(
    reply,
    page(
      'Cannot pay',
      `<h1>This request cannot be handled</h1><p>${escapeHtml(rendered.body.error.message)}</p>`,
    ),
    rendered.statusCode,
  );
}

/**
 * The hosted payment page a session's `url` points at: the customer's side of the redirect flow,
 * without a secret key (the session id is the capability, as on a gateway's hosted checkout).
 */
export function hostedPayPage(services: Services) {
  const scopeOf = (row: { account_id: string; livemode: boolean; dialect: string }): Scope => ({
    accountId: row.account_id,
    livemode: row.livemode,
    dialect: row.dialect as Dialect,
  });
  const lookup = async (id: string) => {
    const head = await services.db
      .selectFrom('payments')
      .select(['account_id', 'livemode', 'dialect'])
      .where('id', '=', id)
      .where('dialect', '=', 'convergegate')
      .executeTakeFirst();
    return head && (await findPayment(services.db, scopeOf(head), id)) ? scopeOf(head) : undefined;
  };
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addHook('preValidation', async (request) => {
      refuseUnstorable(request);
      coerceByRouteSchema(request);
    });
    registerDrain(app);
    app.setErrorHandler((error, _request, reply) => payPageError(error, reply));

    app.get<{ Params: { id: string } }>('/pay/:id', { schema: { hide: true } }, async (request, reply) => {
      const scope = await lookup(request.params.id);
      if (!scope) return notFoundPage(reply);
      return html(reply, sessionPage(await getPayment(services, scope, request.params.id)));
    });

    app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/pay/:id',
      { schema: { hide: true }, attachValidation: true },
      async (request, reply) => {
        const id = request.params.id;
        const scope = await lookup(id);
        if (!scope) return notFoundPage(reply);
        const code =
          typeof request.body?.['blik_code'] === 'string' ? (request.body['blik_code'] as string) : '';
        if (!new RegExp(payBody.properties.blik_code.pattern).test(code)) {
          const row = await getPayment(services, scope, id);
          return html(
            reply,
            sessionPage(row, '<p class="error">Enter the 6-digit code from your bank app.</p>'),
            400,
          );
        }
        try {
          const row = await transact(services, (trx) =>
            confirmPayment(services, trx, scope, id, blikOutcome(code)),
          );
          const success = row.data['success_url'];
          if (row.state === 'succeeded' && typeof success === 'string' && /^https?:\/\//.test(success)) {
            return reply.redirect(success, 303);
          }
          const message =
            row.state === 'succeeded'
              ? '<p>Paid. You can close this page.</p>'
              : '<p>Confirm the payment in your bank app.</p>';
          return html(reply, sessionPage(row, message));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const row = await getPayment(services, scope, id);
          return html(reply, sessionPage(row, `<p class="error">${escapeHtml(error.message)}</p>`), 402);
        }
      },
    );
  };
}
