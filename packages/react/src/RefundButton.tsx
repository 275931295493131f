import {
  type Capabilities,
  type Dialect,
  isRefundError,
  type Payment,
  parseAmount,
  REFUND_REASONS,
  type Refund,
  type RefundError,
  type RefundReason,
} from '@refundkit/core';
import {
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useRefundkit } from './context.js';
import { useRefund, useRefundable } from './hooks.js';
import { RefundStatus } from './RefundStatus.js';
import { amountInputText, errorWords, formatAmount, messageValues } from './refundable.js';

export interface RefundButtonProps {
  payment: Payment;
  /** The payment's refunds so far; refunds this button creates are counted too until the list has them. */
  refunds?: readonly Refund[] | undefined;
  /** Whose rules apply; defaults to the payment's dialect. */
  dialect?: Dialect | undefined;
  /** A full capability set, for a gateway that is not one of the presets. */
  capabilities?: Capabilities | undefined;
  /** Called once the backend has accepted a refund (usually `pending`). */
  onRefunded?: ((refund: Refund) => void) | undefined;
  /** The button's content; defaults to the `refund` message. */
  children?: ReactNode;
  className?: string | undefined;
}

type Step = 'edit' | 'confirm' | 'done';

const NO_REFUNDS: readonly Refund[] = [];

/** Every refund once, in its latest version: a list fetched or a refund created may be newer than the prop. */
function mergeRefunds(given: readonly Refund[], ...newer: (readonly Refund[])[]): readonly Refund[] {
  if (newer.every((list) => list.length === 0)) return given;
  const byId = new Map<string, Refund>();
  for (const list of [given, ...newer]) {
    for (const refund of list) {
      const known = byId.get(refund.id);
      if (!known || refund.updatedAt >= known.updatedAt) byId.set(refund.id, refund);
    }
  }
  return [...byId.values()];
}

/**
 * Refusals that mean the dialog's figures were stale (another refund landed meanwhile): the words for
 * them are only true with the payment's refunds as they are now.
 */
const STALE_CAP = new Set([
  'amount_exceeds_refundable',
  'already_refunded',
  'too_many_refunds',
  'partial_not_supported',
]);

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/** A button that opens a dialog to refund (part of) a payment, with core's rules checked as the user types. */
export function RefundButton(props: RefundButtonProps) {
  const { payment, dialect, capabilities, onRefunded } = props;
  const { transport, locale, messages } = useRefundkit();
  const [created, setCreated] = useState<Refund[]>([]);
  const [fetched, setFetched] = useState<Refund[]>([]);
  const given = props.refunds ?? NO_REFUNDS;
  const refunds = useMemo(() => mergeRefunds(given, fetched, created), [given, fetched, created]);
  const rules = useRefundable(payment, refunds, { dialect, capabilities });
  const request = useRefund();
  // The server refusal whose refresh of the payment's refunds has finished (ok: the list arrived).
  const [refreshed, setRefreshed] = useState<{ error: object; ok: boolean } | null>(null);

  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<Step>('edit');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState<RefundReason | null>('requested_by_customer');
  const [note, setNote] = useState('');

  const dialogRef = useRef<HTMLDialogElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const id = useId();

  const fullText = amountInputText(rules.refundable, rules.currency, locale, rules.dialect);
  const text = rules.fullOnly ? fullText : amountText;

  // Validation as the user types: parse in the payment's currency and locale, then core's policy.
  let amount: number | undefined;
  let problem: RefundError | undefined;
  let empty = false;
  try {
    amount = parseAmount(text, rules.currency, { locale, dialect: rules.dialect });
    empty = amount === 0;
  } catch (error) {
    empty = text.trim() === '';
    if (isRefundError(error)) problem = error;
    else throw error;
  }
  const verdict = amount && !empty ? rules.check({ amount, reason, note }) : undefined;
  if (verdict && !verdict.ok) problem = verdict.error;
  const valid = verdict?.ok === true;
  // The amount as typed once it reads as one, valid or not: the confirm step names what was asked for.
  const values = messageValues(rules, locale, { amount: amount || undefined, error: problem });
  const problemText = empty
    ? messages.enterAmount
    : problem && errorWords(messages, values, problem.code, problem.message);
  const reasonProblem = problem?.code === 'reason_invalid';

  const blocked = rules.blocked;
  const blockedText =
    blocked &&
    errorWords(messages, messageValues(rules, locale, { error: blocked }), blocked.code, blocked.message);

  const show = () => {
    if (blocked) return;
    if (step === 'done' || !amountText) {
      // A fresh form: the full refundable amount, the usual reason.
      setAmountText(fullText);
      setReason('requested_by_customer');
      setNote('');
      setStep('edit');
      request.reset();
    }
    setOpen(true);
  };

  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);

  // Focus follows the step, so keyboard and screen-reader users land on what to do next.
  useEffect(() => {
    if (!open) return;
    const target = step === 'edit' ? amountRef : step === 'confirm' ? confirmRef : closeRef;
    target.current?.focus();
  }, [open, step]);

  const serverError = request.error;
  const staleCap = serverError !== undefined && STALE_CAP.has(serverError.code);
  const refreshing =
    staleCap && typeof transport?.listRefunds === 'function' && refreshed?.error !== serverError;

  // A cap refusal means someone else refunded meanwhile: fetch the payment's refunds once, so the cap,
  // the words and the form all show what is really left.
  useEffect(() => {
    if (!serverError || !refreshing || !transport?.listRefunds) return;
    const controller = new AbortController();
    transport.listRefunds(payment.id, controller.signal).then(
      (list) => {
        setFetched(list);
        setRefreshed({ error: serverError, ok: true });
      },
      () => {
        if (!controller.signal.aborted) setRefreshed({ error: serverError, ok: false });
      },
    );
    return () => controller.abort();
  }, [serverError, refreshing, transport, payment.id]);

  // Fresh figures that rule out the amount asked for: what is left to do is to edit it.
  const outdated = step === 'confirm' && refreshed?.ok === true && !valid;
  useEffect(() => {
    if (outdated) editRef.current?.focus();
  }, [outdated]);

  // Tab and Shift+Tab wrap inside the dialog, so keyboard focus cycles its controls and never leaves.
  const trapFocus = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const items = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => !(el as HTMLButtonElement).disabled,
    );
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey ? active === first || active === dialogRef.current : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  };

  const close = () => dialogRef.current?.close();
  const onClose = () => {
    setOpen(false);
    triggerRef.current?.focus();
  };

  const review = (event: FormEvent) => {
    event.preventDefault();
    if (valid) setStep('confirm');
    else amountRef.current?.focus();
  };

  const confirm = async () => {
    if (!valid || amount === undefined || refreshing) return;
    const refund = await request.submit({
      paymentId: payment.id,
      amount,
      reason,
      note: note.trim() || undefined,
    });
    if (refund) {
      setCreated((list) => [...list, refund]);
      setStep('done');
      onRefunded?.(refund);
    }
  };

  const submitting = request.state === 'submitting';
  const busy = submitting || refreshing;
  // Without fresh figures the local words could contradict the server: its own message is then the truth.
  const serverWords =
    serverError &&
    (staleCap && !(refreshed?.error === serverError && refreshed.ok)
      ? serverError.message
      : errorWords(messages, values, serverError.code, serverError.message));
  const reasons = REFUND_REASONS.filter((r) => r !== 'other' || rules.capabilities.freeTextReason);
  const ids = { title: `${id}t`, hint: `${id}h`, problem: `${id}p`, blocked: `${id}b`, note: `${id}n` };

  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        className={props.className ? `rk-button ${props.className}` : 'rk-button'}
        aria-haspopup="dialog"
        aria-disabled={blocked ? true : undefined}
        aria-describedby={blocked ? ids.blocked : undefined}
        onClick={show}
      >
        {props.children ?? messages.refund}
      </button>
      {blockedText ? (
        <span id={ids.blocked} className="rk-blocked">
          {blockedText}
        </span>
      ) : null}
      <dialog
        ref={dialogRef}
        className="rk-dialog"
        aria-labelledby={ids.title}
        onClose={onClose}
        onKeyDown={trapFocus}
      >
        {open ? (
          <div className="rk-dialog-body">
            <h2 id={ids.title} className="rk-title">
              {messages.dialogTitle}
            </h2>
            {step === 'edit' ? (
              <form className="rk-form" onSubmit={review} noValidate>
                <div className="rk-field">
                  <label htmlFor={`${id}a`}>{messages.amountLabel(values)}</label>
                  <input
                    ref={amountRef}
                    id={`${id}a`}
                    className="rk-input"
                    inputMode={values.decimals ? 'decimal' : 'numeric'}
                    autoComplete="off"
                    value={text}
                    readOnly={rules.fullOnly}
                    aria-invalid={problem || empty ? true : undefined}
                    aria-describedby={`${ids.hint} ${ids.problem}`}
                    onChange={(event) => setAmountText(event.target.value)}
                  />
                  <p id={ids.hint} className="rk-hint">
                    {rules.fullOnly ? messages.fullOnlyHint(values) : messages.amountHint(values)}
                  </p>
                  <p id={ids.problem} className="rk-problem" aria-live="polite">
                    {reasonProblem ? null : problemText}
                  </p>
                </div>
                <div className="rk-field">
                  <label htmlFor={`${id}r`}>{messages.reasonLabel}</label>
                  <select
                    id={`${id}r`}
                    className="rk-input"
                    value={reason ?? ''}
                    onChange={(event) => setReason((event.target.value || null) as RefundReason | null)}
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
                  <label htmlFor={`${id}o`}>{messages.noteLabel}</label>
                  <textarea
                    id={`${id}o`}
                    className="rk-input"
                    rows={2}
                    maxLength={500}
                    value={note}
                    aria-invalid={reasonProblem ? true : undefined}
                    aria-describedby={ids.note}
                    onChange={(event) => setNote(event.target.value)}
                  />
                  <p id={ids.note} className={reasonProblem ? 'rk-problem' : 'rk-hint'}>
                    {reasonProblem ? problemText : messages.noteHint}
                  </p>
                </div>
                <div className="rk-actions">
                  <button type="button" className="rk-button rk-secondary" onClick={close}>
                    {messages.cancel}
                  </button>
                  <button
                    type="submit"
                    className="rk-button rk-primary"
                    aria-disabled={valid ? undefined : true}
                  >
                    {messages.review}
                  </button>
                </div>
              </form>
            ) : step === 'confirm' ? (
              <div className="rk-confirm">
                <p className="rk-summary">{messages.confirm(values)}</p>
                <p className="rk-hint">
                  {messages.confirmHint(values)}
                  {reason ? ` ${messages.confirmReason(messages.reasons[reason])}` : ''}
                </p>
                {serverError && !refreshing ? (
                  <p className="rk-problem rk-alert" role="alert">
                    {messages.serverError({ ...values, message: serverWords ?? '', code: serverError.code })}
                  </p>
                ) : null}
                <div className="rk-actions">
                  <button
                    ref={editRef}
                    type="button"
                    className="rk-button rk-secondary"
                    aria-disabled={busy ? true : undefined}
                    onClick={() => {
                      if (busy) return;
                      // The attempt's key survives in useRefund: unchanged, the next send is its retry.
                      request.reset();
                      setStep('edit');
                    }}
                  >
                    {messages.edit}
                  </button>
                  <button
                    ref={confirmRef}
                    type="button"
                    className="rk-button rk-primary"
                    aria-disabled={busy || !valid ? true : undefined}
                    aria-busy={busy ? true : undefined}
                    onClick={confirm}
                  >
                    {busy
                      ? messages.submitting
                      : serverError
                        ? messages.retry
                        : messages.confirmButton(values)}
                  </button>
                </div>
              </div>
            ) : (
              <div className="rk-done">
                <output className="rk-summary">
                  {messages.done(
                    request.refund
                      ? {
                          ...values,
                          amount: formatAmount(
                            request.refund.amount.amount,
                            rules.currency,
                            locale,
                            rules.dialect,
                          ),
                        }
                      : values,
                  )}
                </output>
                {request.refund ? <RefundStatus refund={request.refund} /> : null}
                <div className="rk-actions">
                  <button ref={closeRef} type="button" className="rk-button rk-primary" onClick={close}>
                    {messages.close}
                  </button>
                </div>
              </div>
            )}
          </div>
        ) : null}
      </dialog>
    </>
  );
}
