import type { LetterView } from '@/lib/letters/queries';
import { AttachmentList } from './Attachments';
import { BADGE_LABEL, EVENT_LABEL, CHANNEL_LABEL, KIND_LABEL, RATING_LABEL, STATUS_LABEL, describeEvent, formatDateTime } from './labels';

/** A letter as its viewer may see it: facts, text, replies, rating and timeline. Text is rendered as text. */
export function LetterFacts({ letter }: { letter: LetterView }) {
  return (
    <dl className="facts">
      <div><dt>查询编号</dt><dd>{letter.trackingNo}</dd></div>
      <div><dt>类别</dt><dd>{KIND_LABEL[letter.kind]}</dd></div>
      <div><dt>状态</dt><dd data-testid="letter-status">{STATUS_LABEL[letter.status]}</dd></div>
      <div><dt>承办部门</dt><dd>{letter.department ?? `待分办${letter.requestedDepartment ? `（来信人选择：${letter.requestedDepartment}）` : ''}`}</dd></div>
      <div><dt>提交时间</dt><dd>{formatDateTime(letter.submittedAt)}</dd></div>
      {letter.intake ? (
        <>
          <div><dt>来信渠道</dt><dd data-testid="letter-channel-fact">{CHANNEL_LABEL[letter.channel]}（工作人员代为登记）</dd></div>
          <div><dt>收到日期</dt><dd>{letter.intake.receivedOn}</dd></div>
          {letter.intake.person ? (
            <div>
              <dt>来信人（尚未认领）</dt>
              <dd data-testid="letter-person">{[letter.intake.person.name, letter.intake.person.phone, letter.intake.person.email].filter(Boolean).join('，')}</dd>
            </div>
          ) : null}
        </>
      ) : null}
      {letter.deadlines.routing ? (
        <div>
          <dt>分办期限</dt>
          <dd data-testid="routing-deadline">
            {letter.deadlines.routing.dueAt ?? '—'}
            <span className="hint">（受理并分办至承办部门，{letter.deadlines.routing.workingDays} 个工作日内）</span>{' '}
            {letter.badges.map((b) => <span key={b} className="tag tag-warn">{BADGE_LABEL[b]}</span>)}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>答复期限</dt>
        <dd data-testid="answer-deadline">
          {letter.deadlines.answer.estimated
            ? <>受理之日起 {letter.deadlines.answer.workingDays} 个工作日内答复{letter.deadlines.answer.dueAt ? `（最迟约 ${letter.deadlines.answer.dueAt}）` : ''}</>
            : <>{letter.deadlines.answer.dueAt ?? '—'}{letter.deadlines.answer.dueAt ? <span className="hint">（{letter.deadlines.answer.workingDays} 个工作日）</span> : null}</>}
          {letter.deadlines.routing ? null : <>{' '}{letter.badges.map((b) => <span key={b} className="tag tag-warn">{BADGE_LABEL[b]}</span>)}</>}
        </dd>
      </div>
      {letter.extensionDays ? <div><dt>延期</dt><dd>{letter.extensionDays} 个工作日</dd></div> : null}
      <div>
        <dt>是否同意公开</dt>
        <dd data-testid="letter-consent">{letter.consentToPublish ? '同意公开（公开前隐去个人信息）' : '不同意公开'}</dd>
      </div>
      {letter.mergedInto ? <div><dt>合并办理</dt><dd>已并入来信 {letter.mergedInto}</dd></div> : null}
    </dl>
  );
}

/** `code`: looked up with the query code (attachments are downloaded by posting it). */
export function LetterBody({ letter, code }: { letter: LetterView; code?: string }) {
  return (
    <>
      <section aria-labelledby="letter-body">
        <h2 id="letter-body">来信内容</h2>
        <p className="prewrap">{letter.body}</p>
        <AttachmentList trackingNo={letter.trackingNo} items={letter.attachments ?? []} code={code} />
      </section>
      <section aria-labelledby="letter-replies">
        <h2 id="letter-replies">答复与往来</h2>
        {letter.mergedAnswer === 'masked' ? <p className="hint" data-testid="merged-answer-note">答复来自合并办理的来信 {letter.mergedInto}，其中他人的个人信息已隐去。</p> : null}
        {letter.mergedAnswer === 'withheld' ? <p className="hint" data-testid="merged-answer-note">来信 {letter.mergedInto} 的来信人未同意公开，其答复不在此显示；如需答复，请联系我局。</p> : null}
        {letter.replies.length === 0 ? <p className="empty-state">尚无答复。</p> : (
          <ol className="messages">
            {letter.replies.map((r, i) => (
              <li key={i} className={`message message-${r.kind}`}>
                <p className="message-meta">
                  {r.kind === 'answer' ? `答复 · ${r.department ?? ''}` : r.kind === 'info_request' ? '要求补充材料' : '来信人补充'} · {formatDateTime(r.createdAt)}
                  {r.author ? ` · ${r.author}` : ''}
                </p>
                <p className="prewrap">{r.body}</p>
                <AttachmentList trackingNo={letter.trackingNo} items={r.attachments ?? []} code={code} />
              </li>
            ))}
          </ol>
        )}
        {letter.rating ? (
          <p>评价：<strong>{RATING_LABEL[letter.rating.rating]}</strong>{letter.rating.comment ? `（${letter.rating.comment}）` : ''}</p>
        ) : null}
      </section>
    </>
  );
}

export function LetterTimeline({ letter }: { letter: LetterView }) {
  return (
    <section aria-labelledby="letter-timeline">
      <h2 id="letter-timeline">办理过程</h2>
      <ol className="timeline">
        {letter.events.map((e, i) => {
          const detail = describeEvent(e.type, e.data);
          return (
            <li key={i}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time> · <strong>{EVENT_LABEL[e.type] ?? e.type}</strong> · {e.actor}
              {detail ? <div className="prewrap">{detail}</div> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
