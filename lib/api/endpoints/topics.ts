import { endpoint } from '../endpoint';
import { jsonBody } from './common';
import { suggestInput } from '../../topics/validation';

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
