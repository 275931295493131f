// The Medusa app the integration tests boot: this package's own source (routes, subscribers, jobs,
// module, provider) loaded through tsx, on the database test-utils creates. Stores use the plugin
// through `plugins` instead; see README.md.
import { defineConfig } from '@medusajs/framework/utils';

const refundkit = {
  apiKey: process.env.RK_API_KEY ?? '',
  baseUrl: process.env.RK_BASE_URL ?? 'http://127.0.0.1:1',
  timeoutMs: Number(process.env.RK_TIMEOUT_MS ?? 10_000),
  maxRetries: Number(process.env.RK_MAX_RETRIES ?? 2),
  notificationUrl: process.env.RK_NOTIFICATION_URL,
  successUrl: 'http://localhost:8000/checkout/complete',
  reasons: { damaged: 'requested_by_customer', double_charge: 'duplicate' },
};

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: '*',
      adminCors: '*',
      authCors: '*',
      jwtSecret: 'refundkit-test-jwt',
      cookieSecret: 'refundkit-test-cookie',
    },
  },
  admin: { disable: true },
  modules: [
    { resolve: './src/modules/refundkit', options: refundkit },
    {
      resolve: '@medusajs/medusa/payment',
      options: {
        webhook_delay: 50,
        providers: [{ resolve: './src/providers/refundkit', id: 'refundkit', options: refundkit }],
      },
    },
  ],
});
