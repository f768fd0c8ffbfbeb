// Problem types resolve here: the error table, readable by people and tools.
import { z } from '@hono/zod-openapi';
import { errorCodes } from '../errors.js';
import { errorTable } from '../http/errors.js';
import { createRouter, publicRoute } from '../http/router.js';
import { json } from '../http/schemas.js';

export const problemRoutes = createRouter();

const problemTypeSchema = z
  .object({ code: z.string(), status: z.number(), title: z.string() })
  .openapi('ProblemType');
const listing = () => errorCodes.map((code) => ({ code, ...errorTable[code] }));

problemRoutes.openapi(
  publicRoute([], {
    method: 'get',
    path: '/problems',
    operationId: 'listProblemTypes',
    tags: ['operations'],
    summary: 'Every error code the API answers with',
    responses: { 200: json(z.object({ items: z.array(problemTypeSchema) }), 'The error table') },
  }),
  (c) => c.json({ items: listing() }, 200),
);

problemRoutes.openapi(
  publicRoute([], {
    method: 'get',
    path: '/problems/{code}',
    operationId: 'getProblemType',
    tags: ['operations'],
    summary: 'One error code',
    request: { params: z.object({ code: z.string().max(60) }) },
    responses: { 200: json(problemTypeSchema, 'The code'), 404: json(problemTypeSchema, 'Unknown code') },
  }),
  (c) => {
    const found = listing().find((row) => row.code === c.req.valid('param').code);
    return found
      ? c.json(found, 200)
      : c.json({ code: c.req.valid('param').code, status: 404, title: 'Unknown problem type' }, 404);
  },
);
