import { clock } from './format.js';
import type { DashboardState } from './state.js';

export function WebhookLog({ state }: { state: DashboardState }) {
  return (
    <section className="panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhook log</h2>
      <p className="hint">
        Every delivery from the refund server, with the backend's check of its <code>Sec-Signature</code>.
      </p>
      {state.webhooks.length === 0 ? (
        <p className="empty">{state.loaded ? 'No deliveries yet.' : 'Loading…'}</p>
      ) : (
        <div className="scroll scroll-tall">
          <table className="table webhooks">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Event</th>
                <th scope="col">Signature check</th>
              </tr>
            </thead>
            <tbody>
              {state.webhooks.map((w) => (
                <tr key={w.seq} data-event-id={w.eventId ?? ''} data-signature={w.signature}>
                  <td className="nowrap">{clock(w.receivedAt)}</td>
                  <td>
                    <div>{w.type ?? 'unreadable body'}</div>
                    <div className="muted mono">{w.objectId ?? w.eventId ?? ''}</div>
                  </td>
                  <td>
                    {w.signature === 'valid' ? (
                      <span className="check check-ok">✓ verified{w.duplicate ? ' · duplicate' : ''}</span>
                    ) : (
                      <span className="check check-bad">✗ rejected</span>
                    )}
                    <div className="muted">
                      {w.error ? `${w.error} · ` : ''}answered {w.status}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
