/**
 * What a page derives from an interview's state (lib/interviews/reducer.ts keeps it current from the event log) to
 * render it — the question being answered, the open questions, the transcript, the viewer's own questions, closed
 * polls — and the state after the viewer's own acknowledged actions. Pure and client-safe: only type imports from the
 * server modules. Kept apart from the reducer so that a live page renders and hydrates without it.
 */
import type { LiveUpdate, OwnQuestion, PublicPoll } from './event-types';
import type { InterviewState, Remark } from './queries';
import type { PublicQuestion } from './views';

/** Closed polls with their final counts, in the order opened (the transcript shows them). */
export function closedPolls(state: Pick<InterviewState, 'polls'>): PublicPoll[] {
  return (state.polls ?? []).filter((p) => p.status === 'closed');
}

/** After the viewer's own 同问 was acknowledged: remember it, show the count the server returned. */
export function markVoted(state: InterviewState, questionId: string, votes?: number): InterviewState {
  const voted = state.viewer.voted.includes(questionId) ? state.viewer.voted : [...state.viewer.voted, questionId];
  return {
    ...state,
    viewer: { ...state.viewer, voted },
    questions: typeof votes === 'number' ? state.questions.map((q) => (q.id === questionId ? { ...q, votes } : q)) : state.questions,
  };
}

/** After the viewer's own question was acknowledged: the quota the server returned. */
export function withRemaining(state: InterviewState, remaining: number): InterviewState {
  return { ...state, viewer: { ...state.viewer, remaining } };
}

/** After the viewer's own question was acknowledged: it joins their list as pending (the ack names its id). */
export function withAsked(state: InterviewState, question: { id: string; body: string; askedAt: string }): InterviewState {
  if (state.viewer.mine.some((q) => q.id === question.id)) return state;
  const mine: OwnQuestion[] = [...state.viewer.mine, { ...question, status: 'pending', reason: null, note: null }];
  return { ...state, viewer: { ...state.viewer, mine } };
}

/**
 * The viewer's own questions as the page shows them: the public list is the later word for the ones on it (approved,
 * answered: events reach every viewer), the asker's own channel for the rest (pending, merged, rejected with why).
 */
export function ownQuestions(state: InterviewState): OwnQuestion[] {
  return state.viewer.mine.map((q) => {
    const pub = state.questions.find((p) => p.id === q.id);
    if (pub) return { ...q, body: pub.body, status: pub.status, reason: null, note: null };
    // Once approved, a question that left the public list was merged or rejected: its own update says which.
    return q;
  });
}

/** The question being answered now, if it is still public and unanswered. */
export function answeringQuestion(state: InterviewState): PublicQuestion | null {
  if (!state.answeringQuestionId) return null;
  return state.questions.find((q) => q.id === state.answeringQuestionId && q.status === 'approved') ?? null;
}

/** Approved, not yet answered: starred first, otherwise in the order asked (the list does not jump while voting). */
export function openQuestions(state: InterviewState): PublicQuestion[] {
  const open = state.questions.filter((q) => q.status === 'approved');
  return [...open.filter((q) => q.starred), ...open.filter((q) => !q.starred)];
}

export type TranscriptEntry =
  | { kind: 'remark'; key: string; at: string; remark: Remark }
  | { kind: 'qa'; key: string; at: string; question: PublicQuestion & { answer: NonNullable<PublicQuestion['answer']> } }
  | { kind: 'update'; key: string; at: string; update: LiveUpdate };

/** Host remarks, 图文直播 updates and answered questions in time order (a Q&A pair counts from its answer's publication). */
export function transcriptEntries(state: Pick<InterviewState, 'remarks' | 'questions'> & Pick<Partial<InterviewState>, 'updates'>): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [
    ...state.remarks.map((remark) => ({ kind: 'remark' as const, key: `r-${remark.id}`, at: remark.at, remark })),
    ...(state.updates ?? []).map((update) => ({ kind: 'update' as const, key: `u-${update.id}`, at: update.at, update })),
    ...state.questions
      .filter((q): q is PublicQuestion & { answer: NonNullable<PublicQuestion['answer']> } => q.status === 'answered' && q.answer !== null)
      .map((question) => ({ kind: 'qa' as const, key: `q-${question.id}`, at: question.answer.publishedAt, question })),
  ];
  // Stable: equal times keep remarks before answers, each in the order received.
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((e) => e.entry);
}
