// Edge validation for REST with the validators generated from the spec (ajv, compiled
// ahead of time): path, query and body before the handler; in development and tests the
// response too, so a handler that drifts from the spec fails loudly instead of shipping.
// (express-openapi-validator did this from the same spec, but cost ~25% of send-message
// throughput in `npm run bench`; the route is already matched by Express, so only the
// schema checks are needed here.)

import type { ValidateFunction } from 'ajv';
import type { RequestHandler } from 'express';
import type { OperationId } from '../../generated/rest-handlers.ts';
import { restValidators } from '../../generated/validators.js';
import { BadRequestError } from '../errors.ts';
import { describeValidation } from '../validation-errors.ts';

interface OperationValidators {
  path?: ValidateFunction;
  query?: ValidateFunction;
  body?: ValidateFunction;
  responses: Partial<Record<number, ValidateFunction>>;
}

function validatorsOf(operationId: OperationId): OperationValidators {
  return restValidators[operationId] as OperationValidators;
}

const describe = (where: string, validate: ValidateFunction) =>
  describeValidation(where, validate.errors);

export function validateRequest(operationId: OperationId): RequestHandler {
  const { path, query, body } = validatorsOf(operationId);
  return (req, _res, next) => {
    if (path && !path(req.params)) throw new BadRequestError(describe('request/params', path));
    if (query && !query({ ...req.query }))
      throw new BadRequestError(describe('request/query', query));
    if (body && !body(req.body ?? undefined))
      throw new BadRequestError(describe('request/body', body));
    next();
  };
}

/** Replaces a response that breaks the spec with a 500 and logs why (development/tests). */
export function validateResponses(operationId: OperationId): RequestHandler {
  const { responses } = validatorsOf(operationId);
  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = (payload: unknown) => {
      const validate = responses[res.statusCode];
      const problem = !validate
        ? `status ${res.statusCode} is not declared for ${operationId}`
        : validate(payload)
          ? null
          : describe('response', validate);
      if (problem === null) return json(payload);
      req.log?.error({ operationId, problem }, 'response does not match the spec');
      res.status(500);
      return json({ status: 500, message: `Response does not match the spec: ${problem}` });
    };
    next();
  };
}
