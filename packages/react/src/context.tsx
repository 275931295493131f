import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { defaultMessages, type MessageOverrides, mergeMessages, type RefundMessages } from './messages.js';
import { createRefundStore, type PollingOptions, type RefundStore } from './store.js';
import type { RefundTransport } from './transport.js';

export interface RefundkitContextValue {
  readonly transport: RefundTransport | null;
  readonly store: RefundStore | null;
  /** A concrete locale, so typing and formatting agree on separators. */
  readonly locale: string;
  readonly messages: RefundMessages;
}

const systemLocale = () => new Intl.NumberFormat().resolvedOptions().locale;

const RefundkitContext = createContext<RefundkitContextValue | null>(null);

export interface RefundkitProviderProps {
  transport: RefundTransport;
  /** BCP 47 locale for amounts; defaults to the browser's. */
  locale?: string | undefined;
  messages?: MessageOverrides | undefined;
  polling?: PollingOptions | undefined;
  children?: ReactNode;
}

export function RefundkitProvider({
  transport,
  locale,
  messages,
  polling,
  children,
}: RefundkitProviderProps) {
  const { initialDelay, maxDelay, factor } = polling ?? {};
  // One store per transport: every component below shares its pollers.
  const store = useMemo(
    () => createRefundStore(transport, { initialDelay, maxDelay, factor }),
    [transport, initialDelay, maxDelay, factor],
  );
  const merged = useMemo(() => mergeMessages(messages), [messages]);
  const value = useMemo(
    () => ({ transport, store, locale: locale ?? systemLocale(), messages: merged }),
    [transport, store, locale, merged],
  );
  return <RefundkitContext.Provider value={value}>{children}</RefundkitContext.Provider>;
}

let fallback: RefundkitContextValue | undefined;

/** The provider's transport, store, locale and messages; without a provider, defaults and no transport. */
export function useRefundkit(): RefundkitContextValue {
  const value = useContext(RefundkitContext);
  if (value) return value;
  fallback ??= { transport: null, store: null, locale: systemLocale(), messages: defaultMessages };
  return fallback;
}
