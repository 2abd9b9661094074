import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { users } from '../accounts/schema';
import { findActiveUser } from '../accounts/users';
import type { Actor } from '../auth/permissions';
import { actOnInterview, actOnQuestion, addRemark, askQuestion, createInterview, publishAnswer } from '../interviews/operations';

const HOUR = 3_600_000;

async function actorFor(db: Db, email: string): Promise<Actor> {
  const [row] = await db.select({ publicId: users.publicId }).from(users).where(eq(users.email, email));
  return { user: await findActiveUser(db, row!.publicId), ip: null };
}

/**
 * Two interviews through the real operations: a past one with its published transcript (modelled on the seed
 * report's 繁荣我市艺术院团 interview) and an announced one collecting questions.
 */
export async function seedDemoInterviews(db: Db, now = new Date()): Promise<void> {
  const [moderator, leader, citizen] = await Promise.all([
    actorFor(db, 'moderator@example.com'),
    actorFor(db, 'leader@example.com'),
    actorFor(db, 'citizen@example.com'),
  ]);
  const leaderId = (leader.user as NonNullable<Actor['user']>).publicId;
  const at = (hoursFromNow: number) => new Date(now.getTime() + hoursFromNow * HOUR);

  const past = await createInterview(moderator, {
    title: '繁荣我市艺术院团 — 局领导在线访谈',
    summary: '局领导就艺术院团改革、精品剧目创作和惠民演出安排与网友在线交流。',
    guestIds: [leaderId],
    scheduledStart: at(-30 * 24).toISOString(),
    scheduledEnd: at(-30 * 24 + 2).toISOString(),
  }, at(-40 * 24));
  await actOnInterview(moderator, past.id, { action: 'announce' }, at(-40 * 24));
  const q1 = await askQuestion(citizen, past.id, { body: '市属艺术院团今年有哪些新创剧目？' }, at(-31 * 24));
  const q2 = await askQuestion(citizen, past.id, { body: '惠民演出的票怎么领取？' }, at(-31 * 24));
  await actOnQuestion(moderator, q1.id, { action: 'approve' }, at(-31 * 24));
  await actOnQuestion(moderator, q2.id, { action: 'approve' }, at(-31 * 24));
  await actOnInterview(moderator, past.id, { action: 'go_live' }, at(-30 * 24));
  await addRemark(moderator, past.id, { body: '各位网友大家好！今天我们邀请到王局长，就繁荣我市艺术院团与大家交流。' }, at(-30 * 24));
  await actOnQuestion(leader, q1.id, { action: 'answering' }, at(-30 * 24 + 0.2));
  await publishAnswer(leader, q1.id, { body: '今年市属院团共有三部新创剧目，其中歌仔戏《海上丝路》将于十月首演，欢迎大家关注。' }, at(-30 * 24 + 0.3));
  await publishAnswer(leader, q2.id, { body: '惠民演出门票通过“文化惠民”公众号每周一上午十点免费预约，每人每场限领两张。' }, at(-30 * 24 + 0.6));
  await addRemark(moderator, past.id, { body: '感谢王局长，感谢各位网友的参与！' }, at(-30 * 24 + 1.9));
  await actOnInterview(moderator, past.id, { action: 'end' }, at(-30 * 24 + 2));
  await actOnInterview(moderator, past.id, { action: 'publish' }, at(-29 * 24));

  const upcoming = await createInterview(moderator, {
    title: '推动文化产业发展提升 — 在线访谈预告',
    summary: '文化产业扶持政策、文博会筹备和小微文化企业服务，欢迎提前提问。',
    guestIds: [leaderId],
    scheduledStart: at(3 * 24).toISOString(),
    scheduledEnd: at(3 * 24 + 2).toISOString(),
  }, at(-2 * 24));
  await actOnInterview(moderator, upcoming.id, { action: 'announce' }, at(-2 * 24));
  const q3 = await askQuestion(citizen, upcoming.id, { body: '小微文化企业申请扶持资金需要什么条件？' }, at(-24));
  await actOnQuestion(moderator, q3.id, { action: 'approve' }, at(-23));
}
