import { z } from 'zod';
import { endpoint } from '../endpoint';
import { OPEN311_PAGE_SIZE, open311ServiceDefinition, open311Created, open311Discovery, open311PublicRequest, open311RequestInput, open311RequestsQuery, open311Service } from '../../letters/open311';
import { idempotencyKey, trackingNo } from '../../cases/validation';

/** Open311 GeoReport v2 (errors as [{code, description}]): endpoint declarations (lib/api/endpoint.ts). */

const open311 = { tag: 'open311' as const, errorFormat: 'open311' as const };

export const discovery = endpoint({
  ...open311, method: 'get', path: '/open311/v2/discovery.json', auth: 'public',
  summary: { zh: 'Open311 服务发现', en: 'Open311 discovery' },
  response: { status: 200, description: 'GeoReport v2 discovery', schema: open311Discovery },
  errors: [400],
});

export const services = endpoint({
  ...open311, method: 'get', path: '/open311/v2/services.json', auth: 'public',
  summary: { zh: 'Open311 服务列表（来信类别）', en: 'Open311 services (letter kinds)' },
  response: { status: 200, description: 'One service per letter kind', schema: z.array(open311Service) },
  errors: [400],
});

export const serviceDefinition = endpoint({
  ...open311, method: 'get', path: '/open311/v2/services/{code}', auth: 'public',
  summary: { zh: 'Open311 服务定义（诉求分类属性）', en: 'Open311 service definition (the topic attribute)' },
  description: '`services/{service_code}.json`: the optional attribute `topic` (诉求分类), a single-value list of the active topics (key: topic id, name: its path). POST requests.json takes it as `attribute[topic]`; every request record returns `topic_id` and `topic`. Unknown code → 404; another format → 400.',
  pathParams: { code: z.string().max(50).meta({ description: 'e.g. complaint.json' }) },
  response: { status: 200, description: 'GeoReport v2 service definition', schema: open311ServiceDefinition },
  errors: [400, 404],
});

export const listRequests = endpoint({
  ...open311, method: 'get', path: '/open311/v2/requests.json', auth: 'public',
  summary: { zh: 'Open311 公开诉求列表', en: 'Open311 public service requests' },
  description: `Only letters whose writer consented to publication and that were not refused; no personal data. Newest first, ${OPEN311_PAGE_SIZE} a page; the header X-Total-Count holds the total. Filters: service_request_id (then the others are ignored), service_code, status, start_date, end_date and the extension topic_id (诉求分类: the topic and the topics below it; an id that is no topic matches nothing). A malformed value → 422 naming the parameter.`,
  query: open311RequestsQuery,
  response: { status: 200, description: 'Public service requests', schema: z.array(open311PublicRequest), headers: { 'X-Total-Count': 'Total matching requests' } },
  errors: [400, 422],
});

export const createRequest = endpoint({
  ...open311, method: 'post', path: '/open311/v2/requests.json', auth: 'session', permission: 'letters.create', rateLimit: 'letter.submit',
  summary: { zh: 'Open311 提交诉求（写信）', en: 'Open311 create a service request (submit a letter)' },
  description: 'Creates a letter for the signed-in citizen. Location and contact fields of GeoReport v2 are ignored.',
  headers: [{ name: 'Idempotency-Key', description: '同 POST /api/v1/letters — as for POST /api/v1/letters', schema: idempotencyKey }],
  body: { schema: open311RequestInput, maxKb: 32, mediaTypes: ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'], read: 'fields' },
  response: { status: 201, description: '[{service_request_id, service_notice}]', schema: z.array(open311Created) },
  errors: [400, 401, 403, 413, 422],
});

export const readRequest = endpoint({
  ...open311, method: 'get', path: '/open311/v2/requests/{id}.json', auth: 'public',
  summary: { zh: 'Open311 查看一件公开诉求', en: 'Open311 one public service request' },
  pathParams: { id: trackingNo.meta({ description: '查询编号 (service_request_id)' }) },
  response: { status: 200, description: 'An array with the one request', schema: z.array(open311PublicRequest) },
  errors: [400, 404],
});

export const otherFormatGet = endpoint({
  ...open311, method: 'get', path: '/open311/v2/{document}', auth: 'public',
  summary: { zh: 'Open311 其他格式（不支持）', en: 'Open311 in other formats (not supported)' },
  description: '`discovery.xml`, `services.xml`, `requests.xml` … answer 400: this endpoint speaks JSON only. Anything else is a 404.',
  pathParams: { document: z.string().meta({ description: 'e.g. requests.xml' }) },
  response: { status: 400, description: 'Never succeeds' },
  errors: [400, 404],
});

export const otherFormatPost = endpoint({
  ...open311, method: 'post', path: '/open311/v2/{document}', auth: 'public',
  summary: { zh: 'Open311 其他格式（不支持）', en: 'Open311 in other formats (not supported)' },
  description: 'As GET.',
  pathParams: { document: z.string().meta({ description: 'e.g. requests.xml' }) },
  response: { status: 400, description: 'Never succeeds' },
  errors: [400, 404],
});
