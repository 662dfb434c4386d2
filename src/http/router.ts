// Mounts every operation of the spec on Express: bearer auth where the spec asks for it,
// request validation by express-openapi-validator from generated/openapi.json (responses
// too, when configured), then the typed handler named by the operationId. Adding an
// operation to the spec without a handler is a compile error in src/http/handlers.ts.
import express, { type Request, type RequestHandler, type Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import openapi from '../../generated/openapi.json' with { type: 'json' };
import {
  type OperationId,
  type RestHandlers,
  restRoutes,
  type UploadedFile,
} from '../../generated/rest-handlers.ts';
import type { TokenService } from '../auth/tokens.ts';
import { UnauthorizedError } from '../errors.ts';
import type { RequestContext } from './context.ts';
import { errorEnvelope, notFound } from './errors.ts';
import { MAX_FILE_BYTES, MAX_FILES } from './uploads.ts';

export const JSON_BODY_LIMIT = '1mb';

export interface RouterOptions {
  handlers: RestHandlers<RequestContext>;
  tokens: TokenService;
  authRequired: boolean;
  validateResponses: boolean;
  /** Off only for the benchmark's baseline: without it no input is checked at all. */
  validateRequests?: boolean;
  /** Fixed public base URL; when unset it is derived from each request. */
  publicUrl: string | undefined;
}

/** Operations the spec marks public (`security: []`); all others need a token when auth is on. */
function publicOperations(): Set<string> {
  const ids = new Set<string>();
  for (const item of Object.values(openapi.paths) as Array<Record<string, unknown>>) {
    for (const op of Object.values(item) as Array<{ operationId?: string; security?: unknown[] }>) {
      if (op?.operationId && Array.isArray(op.security) && op.security.length === 0) {
        ids.add(op.operationId);
      }
    }
  }
  return ids;
}

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export function createApiRouter(options: RouterOptions): Router {
  const router = express.Router();
  const { $comment: _notice, ...apiSpec } = openapi;
  const open = publicOperations();

  router.use(express.json({ limit: JSON_BODY_LIMIT }));
  if (options.validateRequests !== false) {
    router.use(
      OpenApiValidator.middleware({
        // The generated document is plain JSON; the validator's own types model OpenAPI 3.0/3.1.
        apiSpec: apiSpec as unknown as Parameters<typeof OpenApiValidator.middleware>[0]['apiSpec'],
        validateRequests: { allowUnknownQueryParameters: false },
        validateResponses: options.validateResponses,
        validateSecurity: false,
        validateApiSpec: false,
        ignoreUndocumented: false,
        fileUploader: { limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES } },
      }),
    );
  }

  for (const route of restRoutes) {
    const handler = options.handlers[route.operationId as OperationId] as (
      input: unknown,
      ctx: RequestContext,
    ) => Promise<{ status: number; body: unknown }>;
    const needsToken = options.authRequired && !open.has(route.operationId);

    const mounted: RequestHandler = async (req, res) => {
      let identity: string | undefined;
      const token = bearer(req);
      if (needsToken || token) {
        try {
          identity = token ? await options.tokens.verify(token) : undefined;
        } catch {
          identity = undefined;
        }
        if (needsToken && identity === undefined) throw new UnauthorizedError();
      }
      const ctx: RequestContext = {
        requestId: String(req.id),
        identity,
        baseUrl: options.publicUrl ?? `${req.protocol}://${req.get('host')}`,
        log: req.log,
      };
      // The validator has already checked params, query and body against the spec.
      const input = {
        path: req.params,
        query: req.query,
        body: req.body ?? {},
        files: (req.files as UploadedFile[] | undefined) ?? [],
      };
      const result = await handler(input, ctx);
      if (route.successContentType === 'application/json' || result.status >= 300) {
        res.status(result.status).json(result.body);
      } else {
        const binary = result.body as { contentType: string; data: Uint8Array };
        res.status(result.status).type(binary.contentType).send(Buffer.from(binary.data));
      }
    };
    router[route.method](route.expressPath, mounted);
  }

  router.use(notFound);
  router.use(errorEnvelope);
  return router;
}
