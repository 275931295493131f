// The demo store's configuration: the plugin exactly as packages/medusa/README.md tells a store to
// install it, pointed at the refundkit server the demo command starts. Every value comes from the
// environment that command sets (see demo/store.mts); nothing here is specific to this machine.
import { defineConfig } from '@medusajs/framework/utils';

const port = process.env.PORT ?? '9000';
const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`].join(',');

const refundkit = {
  apiKey: process.env.CONVERGEGATE_SECRET_KEY,
  baseUrl: process.env.CONVERGEGATE_URL,
  // No storefront ships with the demo; a payer sent back lands on the admin.
  successUrl: `http://localhost:${port}/app`,
  notificationUrl: `http://localhost:${port}/hooks/payment/refundkit_refundkit`,
  reasons: { damaged: 'requested_by_customer', double_charge: 'duplicate' },
};

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // The local Postgres speaks no TLS.
    databaseDriverOptions: { connection: { ssl: false } },
    // `medusa start` runs in production mode, whose session cookie is Secure; the demo is served over
    // plain http on localhost, where a browser would drop it and the admin could not log in.
    cookieOptions: { secure: false, sameSite: 'lax' },
    http: {
      storeCors: origins,
      adminCors: origins,
      authCors: origins,
      jwtSecret: process.env.JWT_SECRET ?? 'refundkit-medusa-demo-jwt',
      cookieSecret: process.env.COOKIE_SECRET ?? 'refundkit-medusa-demo-cookie',
    },
  },
  plugins: [{ resolve: '@refundkit/medusa', options: refundkit }],
  modules: [
    {
      resolve: '@medusajs/medusa/payment',
      options: {
        providers: [
          { resolve: '@refundkit/medusa/providers/refundkit', id: 'refundkit', options: refundkit },
        ],
      },
    },
  ],
});
