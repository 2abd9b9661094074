import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { submitLetter } from '@/lib/letters/operations';
import { seedReferenceData } from '@/lib/seed/reference';
import * as letterRoute from '@/app/api/v1/letters/[trackingNo]/route';
import * as lookupRoute from '@/app/api/v1/letters/lookup/route';
import { lookupLetterForm } from '@/app/letters/lookup/actions';
import { actorFor } from './support/users';
import { useTestRequest } from './support/request';

/**
 * Looking a letter up by tracking number and query code (issue 12 item 6), through the API route and the page's
 * server action as Next calls them: the code goes in a POST body, a code in a URL is refused, and what comes back
 * is the citizen-safe view with the writer's personal data masked.
 */

// The handlers read the client address (and a session cookie, none here: a visitor) through next/headers.
const request = useTestRequest('198.51.100.10');

const BODY = '我是陈市民，家住幸福路88号，电话13812345678，请尽快处理楼下演出场所深夜噪音问题。';
let trackingNo: string;
let queryCode: string;
let wrongCode: string;

beforeAll(async () => {
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  const citizen = await actorFor('citizen@example.com');
  const [market] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  ({ trackingNo, queryCode } = await submitLetter(citizen, {
    kind: 'complaint', departmentId: market!.publicId, title: '陈市民反映演出噪音', body: BODY, consentToPublish: false,
  }));
  wrongCode = String((Number(queryCode) + 1) % 1_000_000).padStart(6, '0');
});

const post = (body: unknown) => lookupRoute.POST(new Request('http://localhost/api/v1/letters/lookup', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
}), {} as never);

describe('POST /api/v1/letters/lookup', () => {
  it('with the code: the citizen-safe view, personal data masked', async () => {
    request.clientIp = '198.51.100.11';
    const response = await post({ trackingNo, code: queryCode });
    expect(response.status).toBe(200);
    const view = await response.json();
    expect(view).toMatchObject({ trackingNo, viewer: 'code', title: '陈某反映演出噪音', actions: [] });
    const text = JSON.stringify(view);
    for (const secret of ['陈市民', '13812345678', '88号']) expect(text, secret).not.toContain(secret);
    expect(view.body).toContain('138****5678');
  });

  it('a wrong code is 404, a malformed body 422 or 400', async () => {
    request.clientIp = '198.51.100.12';
    const wrong = await post({ trackingNo, code: wrongCode });
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toEqual({ error: { code: 'not_found', message: '查询编号或查询码不正确' } });
    const malformed = await post({ trackingNo, code: '12ab56' });
    expect(malformed.status).toBe(422);
    expect((await malformed.json()).error.fields).toEqual({ code: '查询码是 6 位数字' });
    expect((await post({ code: queryCode })).status).toBe(422);
    expect((await post('trackingNo=1')).status).toBe(400);
  });
});

describe('GET /api/v1/letters/{trackingNo}', () => {
  const get = (query: string) => letterRoute.GET(new Request(`http://localhost/api/v1/letters/${trackingNo}${query}`), { params: Promise.resolve({ trackingNo }) });

  it('refuses a query code in the URL (400, pointing to the POST), even the right one', async () => {
    request.clientIp = '198.51.100.13';
    const response = await get(`?code=${queryCode}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('POST /api/v1/letters/lookup');
    // Without a code a visitor learns nothing.
    expect((await get('')).status).toBe(404);
  });
});

describe('the lookup page\'s server action', () => {
  const START = { ok: false, message: null, fields: {} };
  const formOf = (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return form;
  };

  it('shows the masked view for the right code and keeps only the tracking number in the form', async () => {
    request.clientIp = '198.51.100.14';
    const state = await lookupLetterForm(START, formOf({ trackingNo: ` ${trackingNo} `, code: queryCode }));
    expect(state).toMatchObject({ ok: true, message: null, values: { trackingNo } });
    expect(state.data).toMatchObject({ viewer: 'code', title: '陈某反映演出噪音' });
    expect(JSON.stringify(state)).not.toContain('13812345678');
    expect(state.data).not.toHaveProperty('queryCode');
  });

  it('says what is wrong: a wrong code, a malformed one', async () => {
    request.clientIp = '198.51.100.15';
    expect(await lookupLetterForm(START, formOf({ trackingNo, code: wrongCode }))).toEqual({ ok: false, message: '查询编号或查询码不正确', fields: {}, values: { trackingNo }, at: expect.any(Number) });
    expect(await lookupLetterForm(START, formOf({ trackingNo, code: '' }))).toMatchObject({ ok: false, message: '查询码是 6 位数字', fields: { code: '查询码是 6 位数字' } });
  });
});
