// Mounts every operation of the spec on Express: bearer auth where the spec asks for it,
// multipart parsing where the spec declares it, request validation with the generated
// validators (responses too, when configured), the spec's access rule for the caller
// (src/auth/policy.ts), then the typed handler named by the operationId. An operation without a handler is a compile error in src/http/handlers.ts.
import { createHash, timingSafeEqual } from 'node:crypto';
import { rm } from 'node:fs/promises';
import express, { type Request, type RequestHandler, type Router } from 'express';
import multer from 'multer';
import { restAccess } from '../../generated/access.ts';
import {
  type OperationId,
  type RestHandlers,
  restRoutes,
  type UploadedFile,
} from '../../generated/rest-handlers.ts';
import { ANONYMOUS, authorize, type Caller, type Membership, SERVICE } from '../auth/policy.ts';
import type { TokenService } from '../auth/tokens.ts';
import {
  ApiError,
  BadRequestError,
  Errors,
  TooManyRequestsError,
  UnauthorizedError,
} from '../errors.ts';
import type { Check } from '../limits/rate-limits.ts';
import { readJsonBody, refuseEncodedMultipart } from './body-checks.ts';
import type { RequestContext } from './context.ts';
import { errorEnvelope, notFound } from './errors.ts';
import { tempFileStorage } from './upload-storage.ts';
import { isAllowedType, isInlineSafe, isUploadKind, MAX_FILE_BYTES } from './uploads.ts';
import { validateRequest, validateResponses } from './validation.ts';

export const JSON_BODY_LIMIT = '1mb';

export interface RouterOptions {
  handlers: RestHandlers<RequestContext>;
  tokens: TokenService;
  /** Conversation membership, for the access rules. */
  membership: Membership;
  /** Per caller; the service caller and the health probe are not limited. */
  rateLimit: Check;
  authRequired: boolean;
  validateResponses: boolean;
  /** Off only for the benchmark's baseline: without it no input is checked at all. */
  validateRequests?: boolean;
  /**
   * When set, generateToken requires it in the X-Token-Issuer-Key header, and any request
   * presenting it there is the service caller (acts for any user).
   */
  tokenIssuerKey?: string | undefined;
  /** Fixed public base URL; when unset it is derived from each request. */
  publicUrl: string | undefined;
  /** Multipart files stream into `dir`; an upload taking over `timeoutMs` (0: none) is a 408. */
  uploads: { dir: string; timeoutMs: number };
}

/** Files of a multipart request as multer's disk storage leaves them. */
function storedFiles(req: Request): UploadedFile[] {
  const files = req.files as Record<string, UploadedFile[]> | undefined;
  return files ? Object.values(files).flat() : [];
}

/** Set by the operation's handler while it runs; the temp files outlive it (below). */
const HANDLING = Symbol('handling');
type Handling = { [HANDLING]?: Promise<unknown> };

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * What an `Authorization: Bearer` header holds where the token goes, as sent (verification
 * refuses anything but one valid token), or undefined without one. Another scheme is not
 * ours to read (a proxy's Basic credentials, say).
 */
function bearer(req: Request): string | undefined {
  const match = /^Bearer(?:\s+(.*))?$/i.exec(req.get('authorization') ?? '');
  return match ? (match[1] ?? '') : undefined;
}

export function createApiRouter(options: RouterOptions): Router {
  const router = express.Router();

  const parseJson = readJsonBody(JSON_BODY_LIMIT);
  // One parser per multipart route, accepting only the spec's file fields with their count,
  // so an unexpected field or an extra file is rejected while streaming, not after buffering.
  // Files stream to temp files (upload-storage.ts): memory stays flat whatever is sent.
  const storage = tempFileStorage(options.uploads.dir);
  const timeoutMs = options.uploads.timeoutMs;
  const multipartFor = (
    operationId: OperationId,
    fileFields: readonly string[],
    maxFiles: number,
  ): RequestHandler => {
    const parse = multer({
      storage,
      limits: { fileSize: MAX_FILE_BYTES, files: maxFiles, fields: 20, fieldSize: 64 * 1024 },
      // Browsers and fetch send multipart file names as UTF-8; multer assumes latin1.
      defParamCharset: 'utf8',
      // The declared type is judged when a file part starts, before any of its bytes are
      // stored (the handler checks again, with the validated kind).
      fileFilter: (req, file, accept) => {
        const kind = operationId === 'uploadMedia' ? req.params.kind : 'file';
        if (isUploadKind(kind) && !isAllowedType(kind, file.mimetype)) {
          accept(
            new BadRequestError(
              `${file.originalname || file.fieldname}: content type ${file.mimetype} is not accepted for ${kind} uploads`,
            ),
          );
        } else {
          accept(null, true);
        }
      },
    }).fields(fileFields.map((name) => ({ name, maxCount: maxFiles })));
    // Limits surface as MulterError (classified in errors.ts); anything else the parser
    // throws (no boundary, truncated body, bad part header) is a malformed request.
    return (req, res, next) => {
      // Whatever the outcome, the temp files go once the response is done (multer already
      // removes those of a request it refused), and not before the handler is: a client
      // gone mid-request must not pull a file from under a provider moving or sending it.
      res.once('close', () => {
        void Promise.resolve((res.locals as Handling)[HANDLING]).finally(() => {
          for (const file of storedFiles(req)) {
            if (typeof file.path === 'string') void rm(file.path, { force: true });
          }
        });
      });
      let settled = false;
      // A slow sender is answered 408 and the connection closed.
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              settled = true;
              res.set('Connection', 'close');
              // Once answered, the request is dropped: its 'close' stops multer and the
              // temp-file writes (a server-closed socket alone does not close the request).
              res.once('finish', () => req.destroy());
              next(Errors.uploadTimeout(Math.round(timeoutMs / 1000)));
            }, timeoutMs)
          : undefined;
      parse(req, res, (error?: unknown) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        if (error === undefined) {
          // A part without `filename=` is a text field to multipart parsers: a file field
          // sent that way would otherwise be refused as an unknown body property.
          const body = (req.body ?? {}) as Record<string, unknown>;
          const fileless = fileFields.find((name) => Object.hasOwn(body, name));
          if (fileless !== undefined) {
            next(
              new BadRequestError(
                `file part "${fileless}" has no filename: send it as a file (Content-Disposition: form-data; name="${fileless}"; filename="...")`,
              ),
            );
            return;
          }
          // Accepted files reach the handler as their temp files, never read into memory.
          next();
          return;
        }
        if (error instanceof ApiError || error instanceof multer.MulterError) next(error);
        else next(new BadRequestError('Malformed multipart body'));
      });
    };
  };
  const passThrough: RequestHandler = (_req, _res, next) => next();

  for (const route of restRoutes) {
    const handler = options.handlers[route.operationId as OperationId] as (
      input: unknown,
      ctx: RequestContext,
    ) => Promise<{ status: number; body: unknown }>;
    const needsToken = options.authRequired && route.bearerAuth;

    // Auth runs before any body is read, so an anonymous caller learns nothing from
    // validation errors and cannot make the server buffer an upload.
    const issuerKey = options.tokenIssuerKey;
    const issuerKeyRequired = route.operationId === 'generateToken' && issuerKey !== undefined;
    const authenticate: RequestHandler = async (req, res, next) => {
      const givenKey = req.get('x-token-issuer-key');
      // A wrong key is refused rather than ignored: the caller meant to be the service.
      if (issuerKey !== undefined && (givenKey !== undefined || issuerKeyRequired)) {
        if (!sameSecret(givenKey, issuerKey)) {
          throw new UnauthorizedError('Missing or invalid X-Token-Issuer-Key');
        }
        res.locals.caller = SERVICE;
        next();
        return;
      }
      const token = bearer(req);
      let identity: string | undefined;
      if (token !== undefined) {
        identity = await options.tokens.verify(token).then(
          (verified) => verified.identity,
          () => undefined,
        );
        // Checked even where tokens are optional (spec: Authentication): ignored, a broken
        // or expired token would give its sender the unchecked access of no token at all.
        // Not on public operations: a client renewing an expired token may still send it.
        if (identity === undefined && route.bearerAuth) throw new UnauthorizedError();
      }
      if (needsToken && identity === undefined) throw new UnauthorizedError();
      res.locals.caller =
        identity === undefined ? ANONYMOUS : ({ kind: 'user', identity } satisfies Caller);
      next();
    };
    const rule = restAccess[route.operationId as OperationId];
    // After authentication (the key is the caller) and before any body is read, so a
    // flood costs no parsing. Behind a proxy the address is right only with TRUST_PROXY.
    const limit: RequestHandler = async (req, res, next) => {
      const caller = res.locals.caller as Caller;
      if (caller.kind === 'service' || route.operationId === 'getHealth') return next();
      const key = caller.kind === 'user' ? `user:${caller.identity}` : `ip:${req.ip}`;
      const retryAfter = await options.rateLimit(key);
      if (retryAfter === null) return next();
      res.set('Retry-After', String(retryAfter));
      throw new TooManyRequestsError(`Too many requests: retry in ${retryAfter} s`);
    };

    const mounted: RequestHandler = async (req, res) => {
      const caller = res.locals.caller as Caller;
      const ctx: RequestContext = {
        requestId: String(req.id),
        caller,
        baseUrl: options.publicUrl ?? `${req.protocol}://${req.get('host')}`,
        log: req.log,
      };
      // The validator has already checked params, query and body against the spec.
      const files = req.files as Record<string, UploadedFile[]> | undefined;
      const input = {
        path: req.params,
        query: req.query,
        body: req.body ?? {},
        files: files ? Object.values(files).flat() : [],
      };
      const handling = (async () => {
        await authorize(rule, caller, input, options.membership);
        return handler(input, ctx);
      })();
      (res.locals as Handling)[HANDLING] = handling.catch(() => undefined);
      const result = await handling;
      if (route.successContentType === 'application/json' || result.status >= 300) {
        res.status(result.status).json(result.body);
      } else {
        const binary = result.body as { contentType: string; data: Uint8Array };
        // Stored media is someone else's content served from our origin: never let it run.
        res.set('Content-Security-Policy', "sandbox; default-src 'none'");
        if (!isInlineSafe(binary.contentType)) res.attachment();
        res
          .status(result.status)
          .type(binary.contentType)
          .send(Buffer.from(binary.data.buffer, binary.data.byteOffset, binary.data.byteLength));
      }
    };
    router[route.method](
      route.expressPath,
      authenticate,
      limit,
      route.requestBody === 'multipart/form-data'
        ? [
            refuseEncodedMultipart,
            multipartFor(route.operationId as OperationId, route.fileFields, route.maxFiles),
          ]
        : route.requestBody === 'application/json'
          ? parseJson
          : passThrough,
      options.validateResponses ? validateResponses(route.operationId) : passThrough,
      options.validateRequests === false ? passThrough : validateRequest(route.operationId),
      mounted,
    );
  }

  router.use(notFound);
  router.use(errorEnvelope);
  return router;
}
