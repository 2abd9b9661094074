import { endpoint } from '../endpoint';
import { jsonBody } from './common';
import { z } from 'zod';
import { createDistrictInput, suggestInput, updateDistrictInput } from '../../topics/validation';

/** 诉求分类 (lib/topics): endpoint declarations (lib/api/endpoint.ts). */

export const listTopics = endpoint({
  method: 'get', path: '/api/v1/topics', tag: 'letters', auth: 'public',
  summary: { zh: '诉求分类（分类树）和所在区', en: 'Letter topics (the tree) and the districts' },
  description: 'The active topics, two or three levels, each with `id`, `name`, `nameEn`, the default department\'s public `departmentId` (or null) and its `children`; and the districts a letter may name. Pass a topic\'s `id` as `topicId` and a district\'s as `districtId` when writing a letter.',
  response: { status: 200, description: '{items:[{id, name, nameEn, departmentId, children:[…]}], districts:[{id, name, nameEn}]}' },
  errors: [],
});

export const suggestTopics = endpoint({
  method: 'post', path: '/api/v1/topics/suggest', tag: 'letters', auth: 'public', rateLimit: 'topicSuggest', validate: true,
  summary: { zh: '按来信内容推荐诉求分类', en: 'Suggest topics for a draft letter' },
  description: 'At most three active topics for the draft `{title, body}`, best first: `{topicId, path, pathEn, departmentId, score, matched}`. A keyword scorer: a topic\'s name and its keywords (set by the admin) are looked for in the text with the archive search\'s tokens; `matched` lists the words found, `score` adds their lengths (title hits count 1.5×, a parent\'s half). Nothing found: `items: []`. Counted per address.',
  body: jsonBody(suggestInput, 24),
  response: { status: 200, description: '{items:[{topicId, path, pathEn, departmentId, score, matched}]}' },
  errors: [400, 413, 422, 429],
});

// ---- 所在区 (lib/topics/districts.ts): the admin's list and edits, under admin.categories as the topic tree ----

const districtId = z.string().regex(/^\d{1,15}$/, { error: '所在区编号无效' }).meta({ description: 'district id (digits)' });

export const listDistrictsAdmin = endpoint({
  method: 'get', path: '/api/v1/admin/districts', tag: 'admin', auth: 'session', permission: 'admin.categories',
  summary: { zh: '全部所在区（含已停用）', en: 'All districts, inactive ones too' },
  response: { status: 200, description: '{items:[{id, code, name, nameEn, active, sortOrder, letters}]}' },
  errors: [401, 403],
});

export const createDistrictAdmin = endpoint({
  method: 'post', path: '/api/v1/admin/districts', tag: 'admin', auth: 'session', permission: 'admin.categories',
  summary: { zh: '新增所在区', en: 'Add a district' },
  description: '`code`: lower-case letters, digits and hyphens, fixed once created. A code or a name already used (active or not) → 409. Audited (`district.create`).',
  body: jsonBody(createDistrictInput, 4),
  response: { status: 201, description: '{id}', schema: z.object({ id: z.number().int() }) },
  errors: [400, 401, 403, 409, 413, 422],
});

export const updateDistrictAdmin = endpoint({
  method: 'patch', path: '/api/v1/admin/districts/{id}', tag: 'admin', auth: 'session', permission: 'admin.categories',
  summary: { zh: '修改、排序、停用或启用所在区', en: 'Rename, reorder, deactivate or reactivate a district' },
  description: 'Only the fields given change; `{changed: false}` when nothing differs. Never deleted: letters that name a deactivated district keep it; the write and intake forms stop offering it. Audited (`district.update`, `district.deactivate`, `district.activate`).',
  pathParams: { id: districtId },
  body: jsonBody(updateDistrictInput.omit({ id: true }), 4),
  response: { status: 200, description: '{changed}', schema: z.object({ changed: z.boolean() }) },
  errors: [400, 401, 403, 404, 409, 413, 422],
});
