import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { departments, users } from '../accounts/schema';
import { findActiveUser } from '../accounts/users';
import type { Actor } from '../auth/permissions';
import { actOnLetter, submitLetter } from '../letters/operations';

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
}
