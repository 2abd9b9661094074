import { describe, expect, it } from 'vitest';
import { seedDemoInterviews } from '@/lib/seed/demo-interviews';
import { seedDemoLetters } from '@/lib/seed/demo-letters';
import { db } from '@/lib/db';
import { listInterviews, getInterviewState } from '@/lib/interviews/queries';
import { listLetters } from '@/lib/letters/queries';
import { actorFor } from './support/users';

describe('demo content', () => {
  it('seeds letters and interviews through the real operations, consistent with what the pages show', async () => {
    await seedDemoLetters(db());
    await seedDemoInterviews(db());
    const handler = await actorFor('handler@example.com');
    const queue = await listLetters(handler, { scope: 'queue' });
    expect(queue.items[0]).toMatchObject({ title: '某KTV深夜噪音扰民问题', badges: ['overdue'] });
    const lists = await listInterviews();
    expect(lists.past.map((i) => i.status)).toEqual(['published']);
    expect(lists.upcoming).toHaveLength(1);
    const past = await getInterviewState({ user: null, ip: null }, lists.past[0]!.slug);
    expect(past.questions.every((q) => q.answer)).toBe(true);
    expect(past.remarks).toHaveLength(2);
  });
});
