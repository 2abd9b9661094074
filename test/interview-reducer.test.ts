import { describe, expect, it } from 'vitest';
import type { InterviewState } from '@/lib/interviews/queries';
import { applyInterviewEvent, applyInterviewEvents, applyOwnQuestion, type InterviewEvent } from '@/lib/interviews/reducer';
import { answeringQuestion, markVoted, openQuestions, ownQuestions, transcriptEntries, withAsked, withRemaining } from '@/lib/interviews/selectors';
import type { PublicQuestion } from '@/lib/interviews/views';

/** lib/interviews/reducer.ts and selectors.ts on hand-built snapshots and events (no database, no socket). */

const ID = 'iv-1';

function question(id: string, askedAt: string, extra: Partial<PublicQuestion> = {}): PublicQuestion {
  return { id, body: `问题 ${id} 的内容`, asker: '陈*民', votes: 0, starred: false, status: 'approved', askedAt, answer: null, ...extra };
}

function answered(q: PublicQuestion, publishedAt: string, body = `关于 ${q.id} 的答复`, corrected = false): PublicQuestion {
  const correction = corrected ? { at: '2030-06-01T02:40:00.000Z', by: '黄主持', byModerator: true } : null;
  return { ...q, status: 'answered', answer: { body, author: '王局长', authorTitle: '副局长', publishedAt, corrected, correction } };
}

function snapshot(extra: Partial<InterviewState> = {}): InterviewState {
  return {
    id: ID,
    slug: '20300601-abcdef',
    title: '文旅惠民政策在线访谈',
    summary: '局领导介绍今年的文化惠民政策。',
    status: 'live',
    scheduledStart: '2030-06-01T02:00:00.000Z',
    scheduledEnd: '2030-06-01T03:30:00.000Z',
    department: '办公室',
    guests: [{ id: 'u-leader', name: '王局长', title: '副局长' }],
    coverImageUrl: null,
    seq: 5,
    answeringQuestionId: null,
    questions: [question('q1', '2030-06-01T01:00:00.000Z'), question('q2', '2030-06-01T01:10:00.000Z')],
    remarks: [],
    host: '黄主持',
    startedAt: '2030-06-01T02:00:00.000Z',
    endedAt: null,
    viewer: { canAsk: true, remaining: 5, voted: [], isStaff: false, isGuest: false, mine: [] },
    moderation: null,
    ...extra,
  };
}

let at = Date.parse('2030-06-01T02:05:00.000Z');
function event(seq: number, type: string, payload: Record<string, unknown>): InterviewEvent {
  at += 60_000;
  return { interviewId: ID, seq, type, payload, at: new Date(at).toISOString() } as InterviewEvent;
}

describe('sequence handling', () => {
  it('applies the next seq and advances state.seq', () => {
    const result = applyInterviewEvent(snapshot(), event(6, 'question.answering', { questionId: 'q1', by: '王局长' }));
    expect(result.outcome).toBe('applied');
    expect(result.state.seq).toBe(6);
    expect(result.state.answeringQuestionId).toBe('q1');
  });

  it('drops duplicates (seq at or below state.seq) without changing the state', () => {
    const state = snapshot();
    for (const seq of [1, 4, 5]) {
      const result = applyInterviewEvent(state, event(seq, 'status.changed', { status: 'ended' }));
      expect(result.outcome).toBe('duplicate');
      expect(result.state).toBe(state);
    }
  });

  it('reports a gap with the seq to re-join from and leaves the state untouched', () => {
    const state = snapshot();
    const result = applyInterviewEvent(state, event(7, 'status.changed', { status: 'ended' }));
    expect(result).toEqual({ state, outcome: 'gap', resyncFrom: 5 });
  });

  it('ignores events of another interview and malformed seqs', () => {
    const state = snapshot();
    expect(applyInterviewEvent(state, { ...event(6, 'status.changed', { status: 'ended' }), interviewId: 'other' }).outcome).toBe('ignored');
    expect(applyInterviewEvent(state, { ...event(6, 'status.changed', { status: 'ended' }), seq: 5.5 }).outcome).toBe('ignored');
  });

  it('replayed catch-up overlapping live delivery ends in the same state as delivery in order', () => {
    const events = [
      event(6, 'question.answering', { questionId: 'q1', by: '王局长' }),
      event(7, 'answer.published', { question: answered(question('q1', '2030-06-01T01:00:00.000Z'), '2030-06-01T02:20:00.000Z') }),
      event(8, 'host.remark', { remark: { id: 1, body: '感谢王局长。', author: '黄主持', at: '2030-06-01T02:21:00.000Z' } }),
    ];
    const inOrder = applyInterviewEvents(snapshot(), events);
    // Live 6, then catch-up 6, 7, live 7 again, then 8.
    const overlapped = applyInterviewEvents(snapshot(), [events[0]!, events[0]!, events[1]!, events[1]!, events[2]!, events[0]!]);
    expect(overlapped.outcome).toBe('applied');
    expect(overlapped.state).toEqual(inOrder.state);
    expect(inOrder.state.seq).toBe(8);
  });

  it('a batch stops at the first gap, keeping what came before it', () => {
    const result = applyInterviewEvents(snapshot(), [
      event(6, 'question.answering', { questionId: 'q2', by: '王局长' }),
      event(8, 'status.changed', { status: 'ended' }),
      event(9, 'status.changed', { status: 'published' }),
    ]);
    expect(result.outcome).toBe('gap');
    expect(result.resyncFrom).toBe(6);
    expect(result.state.seq).toBe(6);
    expect(result.state.status).toBe('live');
    // Re-joining from 6 replays 7 and 8: the page catches up.
    const caughtUp = applyInterviewEvents(result.state, [
      event(7, 'host.remark', { remark: { id: 3, body: '访谈即将结束。', author: '黄主持', at: '2030-06-01T03:25:00.000Z' } }),
      event(8, 'status.changed', { status: 'ended' }),
    ]);
    expect(caughtUp.state.seq).toBe(8);
    expect(caughtUp.state.status).toBe('ended');
  });

  it('an unknown event type still advances seq (no endless gap) and changes nothing else', () => {
    const state = snapshot();
    const result = applyInterviewEvent(state, event(6, 'something.new', { x: 1 }));
    expect(result.outcome).toBe('applied');
    expect({ ...result.state, seq: 5 }).toEqual(state);
  });
});

describe('event effects', () => {
  it('status.changed: status, times, quota closed and answering cleared at the end', () => {
    const announced = snapshot({ status: 'announced', startedAt: null, answeringQuestionId: null });
    const live = applyInterviewEvent(announced, event(6, 'status.changed', { status: 'live' })).state;
    expect(live.status).toBe('live');
    expect(live.startedAt).not.toBeNull();
    expect(live.viewer.canAsk).toBe(true);

    const ended = applyInterviewEvent({ ...live, answeringQuestionId: 'q2' }, event(7, 'status.changed', { status: 'ended' })).state;
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).not.toBeNull();
    expect(ended.answeringQuestionId).toBeNull();
    expect(ended.viewer.canAsk).toBe(false);

    expect(applyInterviewEvent(ended, event(8, 'status.changed', { status: 'published' })).state.status).toBe('published');
    // A status the page does not know is ignored (but the seq advances).
    const odd = applyInterviewEvent(ended, event(8, 'status.changed', { status: 'exploded' })).state;
    expect(odd.status).toBe('ended');
    expect(odd.seq).toBe(8);
  });

  it('question.approved inserts in asking order; a repeat replaces instead of duplicating', () => {
    const q0 = question('q0', '2030-06-01T00:30:00.000Z');
    const q3 = question('q3', '2030-06-01T02:00:00.000Z');
    let state = applyInterviewEvent(snapshot(), event(6, 'question.approved', { question: q3 })).state;
    state = applyInterviewEvent(state, event(7, 'question.approved', { question: q0 })).state;
    expect(state.questions.map((q) => q.id)).toEqual(['q0', 'q1', 'q2', 'q3']);
    state = applyInterviewEvent(state, event(8, 'question.approved', { question: { ...q3, votes: 2 } })).state;
    expect(state.questions.map((q) => q.id)).toEqual(['q0', 'q1', 'q2', 'q3']);
    expect(state.questions.at(-1)!.votes).toBe(2);
  });

  it('question.updated replaces the public text, star and count', () => {
    const edited = question('q2', '2030-06-01T01:10:00.000Z', { body: '编辑后的问题内容', starred: true, votes: 4 });
    const state = applyInterviewEvent(snapshot(), event(6, 'question.updated', { question: edited })).state;
    expect(state.questions.find((q) => q.id === 'q2')).toEqual(edited);
    expect(openQuestions(state).map((q) => q.id)).toEqual(['q2', 'q1']); // starred first
  });

  it('question.removed drops the question (rejected or merged) and its highlight', () => {
    const state = applyInterviewEvent(snapshot({ answeringQuestionId: 'q1' }), event(6, 'question.removed', { questionId: 'q1', mergedInto: 'q2' })).state;
    expect(state.questions.map((q) => q.id)).toEqual(['q2']);
    expect(state.answeringQuestionId).toBeNull();
    expect(answeringQuestion(state)).toBeNull();
  });

  it('question.answering highlights the question; answer.published moves it into the transcript and clears the highlight', () => {
    let state = applyInterviewEvent(snapshot(), event(6, 'question.answering', { questionId: 'q2', by: '王局长' })).state;
    expect(answeringQuestion(state)?.id).toBe('q2');
    const q2 = answered(state.questions[1]!, '2030-06-01T02:30:00.000Z');
    state = applyInterviewEvent(state, event(7, 'answer.published', { question: q2 })).state;
    expect(state.answeringQuestionId).toBeNull();
    expect(answeringQuestion(state)).toBeNull();
    expect(openQuestions(state).map((q) => q.id)).toEqual(['q1']);
    expect(transcriptEntries(state)).toEqual([{ kind: 'qa', key: 'q-q2', at: '2030-06-01T02:30:00.000Z', question: q2 }]);
  });

  it('question.answering with questionId null clears the highlight (the question left the list)', () => {
    let state = applyInterviewEvent(snapshot(), event(6, 'question.answering', { questionId: 'q2', by: '王局长' })).state;
    state = applyInterviewEvent(state, event(7, 'question.answering', { questionId: null })).state;
    expect(state.answeringQuestionId).toBeNull();
    expect(answeringQuestion(state)).toBeNull();
    expect(state.seq).toBe(7);
  });

  it('answering another question is not cleared by an answer to a different one', () => {
    let state = applyInterviewEvent(snapshot(), event(6, 'question.answering', { questionId: 'q2', by: '王局长' })).state;
    state = applyInterviewEvent(state, event(7, 'answer.published', { question: answered(state.questions[0]!, '2030-06-01T02:30:00.000Z') })).state;
    expect(state.answeringQuestionId).toBe('q2');
  });

  it('answer.corrected replaces the answer text and carries the 已更正 mark', () => {
    const q1 = answered(question('q1', '2030-06-01T01:00:00.000Z'), '2030-06-01T02:30:00.000Z');
    const state = snapshot({ questions: [q1] });
    const fixed = answered(q1, '2030-06-01T02:30:00.000Z', '更正后的答复内容', true);
    const next = applyInterviewEvent(state, event(6, 'answer.corrected', { question: fixed })).state;
    const entry = transcriptEntries(next)[0]!;
    // Who corrected and when travel with the event: the transcript says 已更正 by the moderator, not the author.
    expect(entry.kind === 'qa' && entry.question.answer).toMatchObject({
      body: '更正后的答复内容', author: '王局长', corrected: true, correction: { at: '2030-06-01T02:40:00.000Z', by: '黄主持', byModerator: true },
    });
  });

  it('host.remark appends once, even when delivered again under another seq', () => {
    const remark = { id: 7, body: '欢迎各位网友。', author: '黄主持', at: '2030-06-01T02:01:00.000Z' };
    let state = applyInterviewEvent(snapshot(), event(6, 'host.remark', { remark })).state;
    state = applyInterviewEvent(state, event(7, 'host.remark', { remark })).state;
    expect(state.remarks).toEqual([remark]);
    expect(state.seq).toBe(7);
  });

  it('votes.updated merges counts for known questions and leaves the rest', () => {
    const state = applyInterviewEvent(snapshot(), event(6, 'votes.updated', { votes: { q2: 3, unknown: 9 } })).state;
    expect(state.questions.map((q) => [q.id, q.votes])).toEqual([['q1', 0], ['q2', 3]]);
    const again = applyInterviewEvent(state, event(7, 'votes.updated', { votes: { q1: 1 } })).state;
    expect(again.questions.map((q) => [q.id, q.votes])).toEqual([['q1', 1], ['q2', 3]]);
  });

  it('malformed payloads change nothing but still advance seq', () => {
    const state = snapshot();
    for (const [type, payload] of [
      ['question.approved', { question: { id: 'x' } }],
      ['answer.published', {}],
      ['question.removed', { questionId: 42 }],
      ['host.remark', { remark: 'hi' }],
      ['votes.updated', { votes: null }],
    ] as const) {
      const result = applyInterviewEvent(state, event(6, type, payload as Record<string, unknown>));
      expect(result.outcome).toBe('applied');
      expect({ ...result.state, seq: 5 }).toEqual(state);
    }
  });
});

describe('viewer helpers', () => {
  it('markVoted remembers the vote and shows the acknowledged count; withRemaining sets the quota', () => {
    let state = markVoted(snapshot(), 'q1', 4);
    state = markVoted(state, 'q1');
    expect(state.viewer.voted).toEqual(['q1']);
    expect(state.questions[0]!.votes).toBe(4);
    expect(withRemaining(state, 2).viewer.remaining).toBe(2);
  });

  it('transcriptEntries orders remarks and answered questions by time', () => {
    const state = snapshot({
      remarks: [
        { id: 1, body: '开场', author: '黄主持', at: '2030-06-01T02:00:00.000Z' },
        { id: 2, body: '结束语', author: '黄主持', at: '2030-06-01T03:20:00.000Z' },
      ],
      questions: [
        answered(question('q1', '2030-06-01T01:00:00.000Z'), '2030-06-01T02:40:00.000Z'),
        answered(question('q2', '2030-06-01T01:10:00.000Z'), '2030-06-01T02:10:00.000Z'),
        question('q3', '2030-06-01T01:20:00.000Z'),
      ],
    });
    expect(transcriptEntries(state).map((e) => e.key)).toEqual(['r-1', 'q-q2', 'q-q1', 'r-2']);
  });
});

describe('transparent moderation (issue 16 item 7)', () => {
  const counts = { received: 5, approved: 2, answered: 1, merged: 1, rejected: 1, pending: 1 };

  it('status.changed to ended carries the counts; a malformed summary is ignored', () => {
    const ended = applyInterviewEvent(snapshot(), event(6, 'status.changed', { status: 'ended', moderation: counts }));
    expect(ended.state.moderation).toEqual(counts);
    const published = applyInterviewEvent(ended.state, event(7, 'status.changed', { status: 'published', moderation: { ...counts, answered: 2, approved: 2 } }));
    expect(published.state.moderation).toMatchObject({ answered: 2 });
    const bad = applyInterviewEvent(ended.state, event(7, 'status.changed', { status: 'published', moderation: { received: -1 } }));
    expect(bad.state.moderation).toEqual(counts); // kept, not replaced by garbage
    expect(applyInterviewEvent(snapshot(), event(6, 'status.changed', { status: 'live', moderation: counts })).state.moderation).toEqual(counts);
  });

  it('the asker’s own question: asked (pending), then rejected with the reason and note it was given', () => {
    let state = withAsked(snapshot(), { id: 'mine1', body: '我的问题', askedAt: '2030-06-01T02:06:00.000Z' });
    state = withAsked(state, { id: 'mine1', body: '我的问题', askedAt: '2030-06-01T02:06:00.000Z' });
    expect(state.viewer.mine).toEqual([{ id: 'mine1', body: '我的问题', askedAt: '2030-06-01T02:06:00.000Z', status: 'pending', reason: null, note: null }]);
    const rejected = applyOwnQuestion(state, { interviewId: ID, questionId: 'mine1', status: 'rejected', reason: 'use_letters', note: '请写信' });
    expect(ownQuestions(rejected)).toMatchObject([{ id: 'mine1', status: 'rejected', reason: 'use_letters', note: '请写信' }]);
    // Another interview's update, an unknown question, an unknown status: nothing changes.
    expect(applyOwnQuestion(state, { interviewId: 'other', questionId: 'mine1', status: 'rejected', reason: 'abusive', note: null })).toBe(state);
    expect(applyOwnQuestion(state, { interviewId: ID, questionId: 'nope', status: 'rejected', reason: 'abusive', note: null })).toBe(state);
    expect(applyOwnQuestion(state, { interviewId: ID, questionId: 'mine1', status: 'answered' as never, reason: null, note: null })).toBe(state);
    // An unknown code reads as 其他.
    expect(applyOwnQuestion(state, { interviewId: ID, questionId: 'mine1', status: 'rejected', reason: 'made_up' as never, note: null }).viewer.mine[0]!.reason).toBe('other');
  });

  it('the public list is the later word for an approved or answered own question', () => {
    let state = withAsked(snapshot(), { id: 'q1', body: '原文', askedAt: '2030-06-01T01:00:00.000Z' });
    expect(ownQuestions(state)[0]).toMatchObject({ status: 'approved', body: '问题 q1 的内容' });
    state = applyInterviewEvent(state, event(6, 'answer.published', { question: answered(state.questions[0]!, '2030-06-01T02:30:00.000Z') })).state;
    expect(ownQuestions(state)[0]!.status).toBe('answered');
    // Merged: it leaves the public list, the own channel says why.
    state = applyInterviewEvent(state, event(7, 'question.removed', { questionId: 'q2' })).state;
    state = withAsked(state, { id: 'q2', body: '重复', askedAt: '2030-06-01T01:10:00.000Z' });
    state = applyOwnQuestion(state, { interviewId: ID, questionId: 'q2', status: 'merged', reason: null, note: null });
    expect(ownQuestions(state).map((q) => q.status)).toEqual(['answered', 'merged']);
  });
});
