import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { type HttpTelemetry, instrumentHttp } from '../telemetry/http.js';
import { clientErrorHandler } from './client-errors.js';
import { registerFormParser } from './form.js';
import { BODY_LIMIT_BYTES } from './limits.js';
import { jsonErrorReply, MAX_PARAM_LENGTH, routerErrorHandler } from './router-errors.js';

/**
 * A dialect on a port of its own, for clients that cannot take a path prefix (the official
 * `stripe` package). The same routes as under the main app's prefix, on the same services; each
 * dialect's `standalone.ts` builds its own with this.
 */
export async function buildDialectApp(
  plugin: FastifyPluginAsync,
  logger: boolean,
  renderError: (error: unknown) => { statusCode: number; body: unknown },
  telemetry?: HttpTelemetry,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: process.env['RK_LOG_LEVEL'] ?? 'info' } : false,
    genReqId: () => `req_${randomBytes(9).toString('base64url')}`,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: routerErrorHandler(() => jsonErrorReply(renderError)),
    clientErrorHandler: clientErrorHandler(renderError),
  });
  if (telemetry) instrumentHttp(app, telemetry);
  registerFormParser(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('request-id', request.id);
  });
  await app.register(plugin);
  return app;
}
