// Checks what `medusa plugin:build` produced the way a store will load it: every `exports` target
// exists, the provider and the module load through Node's own `require`, and the admin bundle is there.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const require = createRequire(path.join(root, 'package.json'));
const problems = [];

const targets = (value) =>
  typeof value === 'string' ? [value] : Object.values(value).flatMap((inner) => targets(inner));

for (const [entry, value] of Object.entries(pkg.exports)) {
  for (const target of targets(value)) {
    if (target.includes('*')) {
      const concrete = entry.startsWith('./providers/')
        ? target.replace('*', 'refundkit')
        : entry.includes('/modules/')
          ? target.replace('*', 'refundkit')
          : null;
      if (concrete && !existsSync(path.join(root, concrete)))
        problems.push(`${entry} -> ${concrete} is missing`);
    } else if (!existsSync(path.join(root, target))) {
      problems.push(`${entry} -> ${target} is missing`);
    }
  }
}

const provider = require('./.medusa/server/src/providers/refundkit/index.js').default;
const service = provider?.services?.[0];
if (service?.identifier !== 'refundkit')
  problems.push('the provider does not export the refundkit payment provider');
for (const method of [
  'initiatePayment',
  'updatePayment',
  'authorizePayment',
  'capturePayment',
  'cancelPayment',
  'deletePayment',
  'retrievePayment',
  'refundPayment',
  'getPaymentStatus',
  'getWebhookActionAndData',
]) {
  if (typeof service?.prototype?.[method] !== 'function') problems.push(`the provider has no ${method}`);
}
const module = require('./.medusa/server/src/modules/refundkit/index.js').default;
if (module?.service?.name !== 'RefundkitModuleService')
  problems.push('the module does not export its service');
for (const file of [
  '.medusa/server/src/modules/refundkit/migrations',
  '.medusa/server/src/api/admin/orders/[id]/refundkit-refunds/route.js',
  '.medusa/server/src/subscribers/refundkit-webhook.js',
  '.medusa/server/src/jobs/refundkit-sync-open-refunds.js',
]) {
  if (!existsSync(path.join(root, file))) problems.push(`${file} is missing`);
}

if (problems.length) {
  console.error(`@refundkit/medusa build check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('@refundkit/medusa build check: exports, provider, module, routes and admin bundle present');
