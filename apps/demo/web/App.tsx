import { createFetchTransport, RefundkitProvider, useRefundkit } from '@refundkit/react';
import { LOCALE } from './format.js';
import { Payments } from './Payments.js';
import { RefundHistory } from './RefundHistory.js';
import { useDashboard } from './state.js';
import { WebhookLog } from './WebhookLog.js';

// The browser talks to the demo's backend only; the secret key never leaves it.
const transport = createFetchTransport({ baseUrl: '/api' });
// Server-sent events bring refund news; polling is only the fallback while the stream is down.
const polling = { initialDelay: 15_000, maxDelay: 60_000 };

export function App() {
  return (
    <RefundkitProvider transport={transport} locale={LOCALE} polling={polling}>
      <Dashboard />
    </RefundkitProvider>
  );
}

function Dashboard() {
  const { store } = useRefundkit();
  const state = useDashboard(store);
  const { config } = state;
  const delay = config?.refundDelayMs;
  return (
    <>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <strong>Refundkit</strong> demo shop
          <span className="badge">test mode</span>
        </div>
        <nav aria-label="Links">
          {config?.docsUrl ? <a href={config.docsUrl}>API reference</a> : null}
          {config?.openapiUrl ? <a href={config.openapiUrl}>OpenAPI</a> : null}
          <a href={config?.storybookUrl ?? '/storybook/'}>Storybook</a>
        </nav>
        <output className="connection" data-state={state.connection}>
          {state.connection === 'live'
            ? 'Live'
            : state.connection === 'connecting'
              ? 'Connecting…'
              : 'Reconnecting…'}
        </output>
      </header>
      <main>
        <p className="intro">
          Refunds go from this page to the shop's backend (which holds the secret key), then to the refund
          server. They stay pending{delay ? ` for ${(delay / 1000).toLocaleString(LOCALE)} s` : ''}, then the
          server settles them and its signed webhook, verified by the backend, moves them here live.
        </p>
        {config && !config.ready ? (
          <output className="notice">
            The refund server is starting (the first start creates its database)…
          </output>
        ) : null}
        {state.error ? (
          <p className="notice notice-error" role="alert">
            Could not load the dashboard: {state.error}
          </p>
        ) : null}
        <Payments state={state} />
        <div className="columns">
          <RefundHistory state={state} />
          <WebhookLog state={state} />
        </div>
      </main>
    </>
  );
}
