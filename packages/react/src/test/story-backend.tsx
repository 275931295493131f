import { type ReactNode, useState } from 'react';
import { RefundkitProvider } from '../context.js';
import type { MessageOverrides } from '../messages.js';
import { createMemoryTransport, type MemoryOptions } from './memory-transport.js';

/** Wraps a story in a provider with its own in-memory backend, optionally in the dark theme. */
export function StoryBackend(props: {
  memory: MemoryOptions;
  theme?: 'light' | 'dark';
  locale?: string;
  messages?: MessageOverrides;
  children: ReactNode;
}) {
  const [transport] = useState(() => {
    const created = createMemoryTransport({ latency: 300, ...props.memory });
    // The e2e suite reads what reached the backend (the double-click guard).
    (globalThis as { __refundkitCalls?: unknown }).__refundkitCalls = created.calls;
    return created;
  });
  return (
    <RefundkitProvider
      transport={transport}
      locale={props.locale ?? 'en-US'}
      messages={props.messages}
      polling={{ initialDelay: 1500, maxDelay: 6000 }}
    >
      <div
        data-rk-theme={props.theme ?? 'light'}
        style={{
          background: props.theme === 'dark' ? '#10131a' : '#ffffff',
          padding: '1rem',
          minHeight: '100vh',
          boxSizing: 'border-box',
          fontFamily: 'system-ui, sans-serif',
          color: props.theme === 'dark' ? '#eceef2' : '#1a1d23',
        }}
      >
        {props.children}
      </div>
    </RefundkitProvider>
  );
}
