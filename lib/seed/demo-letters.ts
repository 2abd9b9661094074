import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { departments, users } from '../accounts/schema';
import { findActiveUser } from '../accounts/users';
import type { Actor } from '../auth/permissions';
import { actOnLetter, submitLetter } from '../letters/operations';
import { publishMessageStatistics } from '../stats/messages';

const DAY = 86_400_000;

async function actorFor(db: Db, email: string): Promise<Actor> {
  const [row] = await db.select({ publicId: users.publicId }).from(users).where(eq(users.email, email));
  return { user: await findActiveUser(db, row!.publicId), ip: null };
}

/**
 * A few letters at different stages, written through the real operations at past dates, so a newcomer's queues
 * show an overdue complaint, a letter in progress, one awaiting routing and one answered and rated.
 */
export async function seedDemoLetters(db: Db, now = new Date()): Promise<void> {
  const [citizen, moderator, handler] = await Promise.all([
    actorFor(db, 'citizen@example.com'),
    actorFor(db, 'moderator@example.com'),
    actorFor(db, 'handler@example.com'),
  ]);
  const [market] = await db.select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  const overdue = await submitLetter(citizen, {
    kind: 'complaint',
    departmentId: market!.publicId,
    title: '某KTV深夜噪音扰民问题',
    body: '我家楼下的KTV每天营业到凌晨两点，音乐声很大，严重影响周边居民休息。希望文化市场管理部门依法检查处理。',
    consentToPublish: true,
  }, { now: ago(40) });
  await actOnLetter(moderator, overdue.trackingNo, { action: 'accept', departmentId: market!.publicId }, ago(39));

  // An inquiry past its due date and unanswered: its writer may press 催办 (the accountability loop, issue 14).
  const late = await submitLetter(citizen, {
    kind: 'inquiry',
    departmentId: market!.publicId,
    title: '文化馆公益培训班如何报名',
    body: '听说文化馆今年开设了书法和舞蹈公益培训班，请问在哪里报名、有没有年龄限制、需要交费吗？',
    consentToPublish: true,
  }, { now: ago(14) });
  await actOnLetter(moderator, late.trackingNo, { action: 'accept', departmentId: market!.publicId }, ago(13));

  const inProgress = await submitLetter(citizen, {
    kind: 'inquiry',
    departmentId: market!.publicId,
    title: '营业性演出审批需要哪些材料',
    body: '我们社区想在周末组织一场小型营业性演出，请问需要向哪个部门申请、准备哪些材料、办理时限多久？',
    consentToPublish: true,
  }, { now: ago(3) });
  await actOnLetter(moderator, inProgress.trackingNo, { action: 'accept', departmentId: market!.publicId }, ago(2));

  await submitLetter(citizen, {
    kind: 'suggestion',
    departmentId: null,
    title: '建议延长图书馆周末开放时间',
    body: '市图书馆周末下午五点就闭馆了，建议延长到晚上九点，方便上班族和学生周末学习。',
    consentToPublish: false,
  }, { now: ago(0.1) });

  const answered = await submitLetter(citizen, {
    kind: 'inquiry',
    departmentId: market!.publicId,
    title: '网吧允许未成年人进入吗',
    body: '我家孩子十五岁，周末经常说去同学家，其实是去网吧。请问网吧可以让未成年人进入吗？发现了可以向哪里举报？',
    consentToPublish: true,
  }, { now: ago(20) });
  await actOnLetter(moderator, answered.trackingNo, { action: 'accept', departmentId: market!.publicId }, ago(19));
  await actOnLetter(handler, answered.trackingNo, {
    action: 'reply',
    body: '您好！根据《互联网上网服务营业场所管理条例》，互联网上网服务营业场所不得接纳未成年人进入。如发现违规接纳未成年人的网吧，可拨打 12345 或本局文化市场举报电话 0592-5371913 举报，我们将依法查处。感谢您的来信！',
  }, ago(17));
  await actOnLetter(citizen, answered.trackingNo, { action: 'rate', rating: 'satisfied', comment: '答复很及时，谢谢！' }, ago(16));
  // 留言统计 for the ended months these letters cover (the inspection radar wants one at most 2 months old).
  await publishMessageStatistics(db, now);
}

const BACKLOG_TOPICS = ['社区文化活动场地', '图书馆借阅规则', '演出票务退改', '文物保护范围', '广播电视信号', '旅游景区门票', '网吧营业时间', '出版物零售许可'];

/**
 * A busy bureau (SEED_DEMO_BACKLOG): `count` letters awaiting routing and `count` open in 文化市场管理处, written a few
 * days ago, so each queue holds more than a page and anything new sorts after them by deadline.
 */
export async function seedDemoBacklog(db: Db, count: number, now = new Date()): Promise<void> {
  const [citizen, moderator] = await Promise.all([actorFor(db, 'citizen@example.com'), actorFor(db, 'moderator@example.com')]);
  const [market] = await db.select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  for (let i = 0; i < count * 2; i++) {
    const topic = BACKLOG_TOPICS[i % BACKLOG_TOPICS.length]!;
    const at = new Date(now.getTime() - (5 + (i % 3)) * DAY - i * 60_000);
    const letter = await submitLetter(citizen, {
      kind: 'inquiry',
      departmentId: market!.publicId,
      title: `关于${topic}的咨询（${i + 1}）`,
      body: `您好，想了解${topic}方面的具体规定和办理方式，请予答复。谢谢！`,
      consentToPublish: false,
    }, { now: at });
    if (i % 2 === 1) await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market!.publicId }, new Date(at.getTime() + 60_000));
  }
}
