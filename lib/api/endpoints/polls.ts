import { endpoint } from '../endpoint';
import { jsonBody, publicId } from './common';
import { pollAction, pollInput } from '../../interviews/polls';

/** Live polls in interviews (issue 16, item 4; API.md "Participation"): endpoint declarations. */

export const openPoll = endpoint({
  method: 'post', path: '/api/v1/interviews/{id}/polls', tag: 'interviews', auth: 'session', permission: 'interviews.manage',
  summary: { zh: '发起投票（直播中）', en: 'Open a live poll' },
  description: '`{question, options: [2–10], multiple?, hideResultsUntilClosed?}`. Live interviews only (409 otherwise). Viewers vote over Socket.IO (`poll:vote {pollId, options: [index]}`, once per account or signed device id) and receive `poll.updated` events (coalesced, at most every 500 ms per poll); with `hideResultsUntilClosed` the events carry no counts until the close.',
  pathParams: { id: publicId },
  body: jsonBody(pollInput, 8),
  response: { status: 201, description: '{id, seq}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const actOnPoll = endpoint({
  method: 'post', path: '/api/v1/polls/{id}/actions', tag: 'interviews', auth: 'session', permission: 'interviews.manage',
  summary: { zh: '结束投票', en: 'Close a poll' },
  description: '`{action: "close"}`: no more votes; the final counts go to every viewer and into the transcript. 409 when already closed.',
  pathParams: { id: publicId },
  body: jsonBody(pollAction, 4),
  response: { status: 200, description: '{id, status: "closed", seq}' },
  errors: [400, 401, 403, 404, 409, 422],
});
