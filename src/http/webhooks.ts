// Mounts the back end's webhook endpoints (src/backend.ts) on Express: parses the form
// body, hands the request to the endpoint, answers its status (errors in the API's
// envelope) and passes the inbound events it reports on (the app broadcasts them).
import express, { type ErrorRequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import type { WebhookEndpoint } from '../backend.ts';
import { Errors } from '../errors.ts';
import type { InboundEvent } from '../providers/provider.ts';

export function createWebhookRouter(
  endpoints: readonly WebhookEndpoint[],
  onEvent: (event: InboundEvent) => Promise<void>,
  log: Logger,
): Router {
  const router = express.Router();
  for (const endpoint of endpoints) {
    router.post(
      endpoint.path,
      express.urlencoded({ extended: false, limit: endpoint.maxBodyBytes }),
      async (req, res) => {
        const result = await endpoint.handle({
          originalUrl: req.originalUrl,
          header: (name) => req.get(name),
          form: (req.body ?? {}) as Record<string, string | string[] | undefined>,
        });
        if (result.status === 403) log.warn({ path: req.path }, result.outcome);
        else log.debug({ path: req.path, outcome: result.outcome }, 'webhook');
        for (const event of result.events) await onEvent(event);
        if (result.status < 300) res.status(result.status).end();
        else res.status(result.status).json({ status: result.status, message: result.message });
      },
    );
    // Failures end here in the API's envelope rather than Express's HTML page: an
    // unreadable body (too large, bad encoding) keeps its 4xx, anything else is a logged 500.
    const failures: ErrorRequestHandler = (error, _req, res, _next) => {
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        res.status(status).json({ status, message: 'Unreadable webhook body' });
        return;
      }
      log.error({ err: error }, 'webhook failed');
      const { status: internal, message } = Errors.internal();
      res.status(internal).json({ status: internal, message });
    };
    router.use(endpoint.path, failures);
  }
  return router;
}
