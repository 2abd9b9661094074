import { describe, expect, it } from 'vitest';
import { actionsWithoutActor, apiRoutes, compare, pages, refusalMessages, serverActions, socketEvents, urlPattern } from '../e2e/authorization/enumerate';
import { PARTIES } from '../e2e/authorization/parties';
import { ACTION_ROWS, API_ROWS, PAGE_ROWS, SOCKET_ROWS } from '../e2e/authorization/table';

/**
 * The authorisation matrix's bookkeeping, without a server: the enumeration of pages, route methods, server
 * actions and socket events, and the table having one row for each. (Its cells run in e2e/authorization.spec.ts
 * against the production build.) Here so a new route without a row fails `npm test` before the build.
 */
describe('authorisation matrix: enumeration', () => {
  it('derives URL patterns from folders: route groups and slots vanish, dynamic segments stay', () => {
    expect(urlPattern('app/page.tsx')).toBe('/');
    expect(urlPattern('app/(public)/letters/[trackingNo]/page.tsx')).toBe('/letters/[trackingNo]');
    expect(urlPattern('app/workspace/@modal/(staff)/x/[...rest]/page.tsx')).toBe('/workspace/x/[...rest]');
    expect(urlPattern('app/api/v1/letters/route.ts')).toBe('/api/v1/letters');
  });

  it('finds every kind of item in this code base', () => {
    expect(pages()).toContain('/letters/[trackingNo]');
    expect(apiRoutes()).toEqual(expect.arrayContaining(['GET /api/v1/letters', 'POST /api/v1/letters', 'DELETE /api/v1/admin/calendar', 'POST /api/auth/[...nextauth]']));
    expect(serverActions()).toContain('app/letters/actions.ts#letterActionForm');
    expect(serverActions().some((a) => a.endsWith('#ActionState') || a.endsWith('#FormState'))).toBe(false); // types are not actions
    expect(socketEvents()).toEqual(expect.arrayContaining(['session:whoami', 'letters:subscribe', 'interview:join', 'question:ask']));
  });

  it('names a missing row, a row without an item and a duplicate', () => {
    expect(compare('page', ['/a', '/b'], ['/a', '/c', '/a'])).toEqual([
      'page: duplicate row "/a"',
      'page: no row for "/b" — add it to e2e/authorization/table.ts',
      'page: row "/c" matches nothing in the source tree — remove or rename it',
    ]);
  });

  it('knows the refusal messages server actions return (they carry no status)', () => {
    const messages = refusalMessages();
    expect(messages.login.has('请先登录')).toBe(true);
    expect(messages.forbidden.has('您没有权限进行此操作')).toBe(true);
    expect(messages.forbidden.has('您不是这场访谈的嘉宾')).toBe(true);
    expect(messages.notfound.has('没有这封来信，或您无权查看')).toBe(true);
    expect(messages.notfound.has('未找到，或您无权查看')).toBe(true);
  });
});

describe('authorisation matrix: the table', () => {
  it('has exactly one row per page, API route method, server action and socket event', () => {
    const problems = [
      ...compare('page', pages(), PAGE_ROWS.map((r) => r.page)),
      ...compare('API route', apiRoutes(), API_ROWS.map((r) => r.route)),
      ...compare('server action', serverActions(), ACTION_ROWS.map((r) => r.action)),
      ...compare('socket event', socketEvents(), SOCKET_ROWS.map((r) => r.event)),
    ];
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('gives every row a cell for each of the nine parties', () => {
    for (const row of [...PAGE_ROWS, ...API_ROWS, ...ACTION_ROWS, ...SOCKET_ROWS]) {
      for (const c of [row, ...('also' in row ? row.also ?? [] : [])]) expect(Object.keys(c.expect).sort()).toEqual([...PARTIES].sort());
    }
  });

  it('every server action reads its actor with requestActor(), except the preference cookies', () => {
    expect(actionsWithoutActor()).toEqual(['app/_actions/preferences.ts#setElderMode', 'app/_actions/preferences.ts#setLocale']);
  });
});
