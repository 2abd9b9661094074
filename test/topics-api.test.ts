import { describe, expect, it } from 'vitest';
import * as treeRoute from '@/app/api/v1/topics/route';
import * as suggestRoute from '@/app/api/v1/topics/suggest/route';
import { useTestRequest } from './support/request';

/** GET /api/v1/topics and POST /api/v1/topics/suggest through their route handlers (handle(): validation, JSON). */

useTestRequest('192.0.2.95');

const post = (body: string) => new Request('http://localhost:3000/api/v1/topics/suggest', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('topic routes', () => {
  it('lists the public tree with the districts', async () => {
    const response = await treeRoute.GET(new Request('http://localhost:3000/api/v1/topics'), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    const body = await response.json() as { items: Array<{ name: string; children: unknown[] }>; districts: Array<{ name: string }> };
    expect(body.items.find((i) => i.name === '文化市场')?.children.length).toBeGreaterThan(0);
    expect(body.districts).toHaveLength(6);
  });

  it('suggests at most three topics; refuses a bad body with 4xx, never 500', async () => {
    const ok = await suggestRoute.POST(post(JSON.stringify({ title: '网吧接纳未成年人', body: '学校旁边的网吧让未成年人上网。' })), { params: Promise.resolve({}) });
    expect(ok.status).toBe(200);
    const { items } = await ok.json() as { items: Array<{ path: string[] }> };
    expect(items[0]!.path).toEqual(['文化市场', '网吧']);
    expect(items.length).toBeLessThanOrEqual(3);
    expect((await suggestRoute.POST(post(JSON.stringify({ title: 42 })), { params: Promise.resolve({}) })).status).toBe(422);
    expect((await suggestRoute.POST(post('{not json'), { params: Promise.resolve({}) })).status).toBe(400);
  });
});
