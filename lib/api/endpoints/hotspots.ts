import { endpoint } from '../endpoint';
import { jsonBody, publicId } from './common';
import { hotspotQuery } from '../../hotspots';
import { actionInput, actionUpdate, milestoneAction } from '../../hotspots/validation';

/** 热点分析 and 每月一题 (issue 17 item 6, lib/hotspots): endpoint declarations (lib/api/endpoint.ts). */

export const readHotspots = endpoint({
  method: 'get', path: '/api/v1/hotspots', tag: 'letters', auth: 'session', permission: 'hotspots.read', validate: true,
  summary: { zh: '每周热点：上升最快的诉求分类、地点和词语', en: 'Weekly hotspots: the topics, places and terms rising fastest' },
  description: '`week=YYYY-Www` (ISO week, Beijing calendar; default the current week). Each list (`topics`, `places`, `terms`) holds at most 10 '
    + 'hotspots ranked by `rise` = letters this week − the mean of the 4 weeks before (`previous`, oldest first; `baseline` their mean), '
    + 'each with at least 2 letters this week and its first 20 `letters` (`trackingNo`, `title`, `status`, `submittedAt`, `url` of the staff page). '
    + 'Places: a district (`key` d<id>) or a place named in letters (`key` p<place>). Terms: the archive search tokens of the titles, '
    + 'bigrams that always occur together joined into one phrase. Merged duplicates are not counted.',
  query: hotspotQuery,
  response: { status: 200, description: '{week, from, to, previousWeek, nextWeek, total, topics:[{kind, key, label, labelEn, current, previous, baseline, rise, letters}], places:[…], terms:[…]}' },
  errors: [],
});

export const listActions = endpoint({
  method: 'get', path: '/api/v1/actions', tag: 'accountability', auth: 'public',
  summary: { zh: '每月一题：行动列表及进度', en: 'Monthly-issue actions and their progress' },
  description: 'Every action, newest first: `{id, title, owner:{kind, name, nameEn}, milestonesDone, milestonesTotal, letterCount, nextTargetOn, createdOn, url}`. Nothing of the linked letters but their number.',
  response: { status: 200, description: '{items:[…]}' },
  errors: [],
});

export const createAction = endpoint({
  method: 'post', path: '/api/v1/actions', tag: 'accountability', auth: 'session', permission: 'actions.manage',
  summary: { zh: '立项每月一题（可由热点采纳）', en: 'Create a monthly-issue action (or adopt a hotspot)' },
  description: '`{title, description, ownerDepartmentId | ownerUserId (exactly one: a department\'s or a staff member\'s public id), milestones:[{title, targetOn}], '
    + 'letters?:[trackingNo], source?:{kind: "topic"|"place"|"term", key, week}}`. With `source` and no `letters`, every letter of that hotspot in that week is linked.',
  body: jsonBody(actionInput, 64),
  response: { status: 201, description: '{id, letters}' },
  errors: [400, 401, 403, 413, 422],
});

export const readAction = endpoint({
  method: 'get', path: '/api/v1/actions/{id}', tag: 'accountability', auth: 'public',
  pathParams: { id: publicId },
  summary: { zh: '每月一题详情', en: 'A monthly-issue action' },
  description: 'What, who, the milestones (`title`, `targetOn`, `doneOn`), the number of linked letters, and links to the published answers among them (`publishedAnswers`). Never a letter\'s text or writer.',
  response: { status: 200, description: '{id, title, description, owner, milestones:[{id, title, targetOn, doneOn}], milestonesDone, milestonesTotal, letterCount, publishedAnswers:[{title, url}], …}' },
  errors: [404],
});

export const updateAction = endpoint({
  method: 'patch', path: '/api/v1/actions/{id}', tag: 'accountability', auth: 'session', permission: 'actions.manage',
  pathParams: { id: publicId },
  summary: { zh: '修改每月一题', en: 'Edit a monthly-issue action' },
  description: '`{title?, description?, ownerDepartmentId? | ownerUserId?, letters?: [trackingNo] (replaces the linked letters), version?}`; a stale `version` → 409.',
  body: jsonBody(actionUpdate, 64),
  response: { status: 200, description: '{id, version}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const actOnMilestone = endpoint({
  method: 'post', path: '/api/v1/actions/{id}/milestones', tag: 'accountability', auth: 'session', permission: 'actions.progress',
  pathParams: { id: publicId },
  summary: { zh: '增改节点、标记完成', en: 'Add or change a milestone, mark it done' },
  description: '`{action: "add", title, targetOn}` and `{action: "update", milestoneId, title?, targetOn?}` (moderator, admin); `{action: "done", milestoneId, doneOn?}` '
    + 'and `{action: "reopen", milestoneId}` (the owner: the owning department\'s handlers and leaders or the staff member named; moderator, admin). Others: 403.',
  body: jsonBody(milestoneAction, 8),
  response: { status: 200, description: '{id, milestoneId, done, total}' },
  errors: [400, 401, 403, 404, 413, 422],
});
