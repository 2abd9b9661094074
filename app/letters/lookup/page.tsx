import type { Metadata } from 'next';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getLetter, type LetterView } from '@/lib/letters/queries';
import { consume } from '@/lib/ratelimit';
import { LetterBody, LetterFacts, LetterTimeline } from '../LetterDetails';

export const metadata: Metadata = { title: '来信查询' };

/** Anyone with the tracking number and the 6-digit query code follows a letter without signing in. */
export default async function LookupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const trackingNo = typeof params.trackingNo === 'string' ? params.trackingNo.trim().slice(0, 20) : '';
  const code = typeof params.code === 'string' ? params.code.trim().slice(0, 10) : '';
  let letter: LetterView | null = null;
  let error: string | null = null;
  if (trackingNo || code) {
    try {
      // Looked up as a visitor: the code view, whoever is signed in.
      const visitor = { user: null, ip: (await currentActor()).ip };
      await consume('lookup', visitor);
      letter = await getLetter(visitor, trackingNo, { code });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.fields ? Object.values(e.fields)[0] ?? e.message : e.message;
    }
  }
  return (
    <>
      <h1>来信查询</h1>
      <p className="lead">输入提交来信时获得的查询编号和 6 位查询码，查看办理进度和答复。</p>
      <form method="get" className="form" aria-describedby={error ? 'lookup-error' : undefined}>
        {error ? <p className="field-error" id="lookup-error" role="alert">{error}</p> : null}
        <div className="field">
          <label htmlFor="lookup-trackingNo">查询编号</label>
          <input id="lookup-trackingNo" name="trackingNo" type="text" inputMode="numeric" defaultValue={trackingNo} required maxLength={20} />
        </div>
        <div className="field">
          <label htmlFor="lookup-code">查询码</label>
          <input id="lookup-code" name="code" type="text" inputMode="numeric" autoComplete="off" defaultValue={code} required maxLength={10} />
        </div>
        <button type="submit">查询</button>
      </form>
      {letter ? (
        <article aria-labelledby="lookup-title" className="lookup-result">
          <h2 id="lookup-title">{letter.title}</h2>
          <LetterFacts letter={letter} />
          <LetterBody letter={letter} />
          <LetterTimeline letter={letter} />
        </article>
      ) : null}
    </>
  );
}
