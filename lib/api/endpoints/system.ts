import { z } from 'zod';
import { endpoint } from '../endpoint';

/** System: health and this document: endpoint declarations (lib/api/endpoint.ts). */

const healthSchema = z.object({ status: z.enum(['ok', 'unhealthy']), database: z.enum(['pglite', 'postgres']), message: z.string().optional() });

export const health = endpoint({
  method: 'get', path: '/api/health', tag: 'system', auth: 'public',
  summary: { zh: '健康检查', en: 'Liveness and database reachability' },
  response: { status: 200, description: '{"status":"ok","database":"pglite"|"postgres"}; 503 when the database is unreachable', schema: healthSchema },
  errors: [],
});

export const openapiDocument = endpoint({
  method: 'get', path: '/api/v1/openapi.json', tag: 'system', auth: 'public',
  summary: { zh: '本接口文档（OpenAPI 3.1）', en: 'This document (OpenAPI 3.1)' },
  response: { status: 200, description: 'OpenAPI 3.1 document' },
  errors: [],
});
