// The backend's JSON, as the dashboard reads it. Type-only imports: nothing of the backend is bundled.
export type { PaymentView } from '../src/views.js';
export type { WebhookDelivery } from '../src/webhook-log.js';

export interface DemoConfig {
  readonly ready: boolean;
  readonly serverUrl: string | null;
  readonly docsUrl: string | null;
  readonly openapiUrl: string | null;
  readonly storybookUrl: string;
  readonly storybookBuilt: boolean;
  readonly refundDelayMs: number | null;
  readonly livemode: boolean;
}
