import type { Role } from '../accounts/schema';
import { forbidden, unauthenticated } from '../errors';

/**
 * The one permission table (DESIGN.md §1): permission → roles allowed. Operations call assertCan() themselves;
 * pages use the same table to guard what they render. Ownership rules (own department, own letter, guest of
 * this interview) are checked by the operation on top of this.
 */
export const PERMISSIONS = {
  // Workspaces (pages)
  'workspace.citizen': ['citizen'],
  'workspace.handler': ['handler', 'leader'],
  'workspace.leader': ['leader'],
  'workspace.moderator': ['moderator'],
  'workspace.admin': ['admin'],
  // Letters (政民互动)
  'letters.create': ['citizen'],
  'letters.rate': ['citizen'],
  'letters.triage': ['moderator'],
  'letters.reply': ['handler', 'leader'],
  'letters.extend': ['handler', 'leader'],
  'letters.transfer': ['handler', 'leader', 'moderator'],
  // Interviews (在线访谈)
  'interviews.manage': ['moderator'],
  'interviews.ask': ['citizen'],
  'interviews.answer': ['leader'],
  'questions.moderate': ['moderator'],
  // Archive and disclosure
  // Moderators curate in their workspace; admins may too (through the API). Handlers and leaders may not publish.
  'archive.curate': ['moderator', 'admin'],
  'disclosure.publish': ['moderator'],
  'disclosure.apply': ['citizen'],
  // 政府信息公开工作年度报告: edit the text sections and publish (tables are generated from the data).
  'disclosure.annualReport': ['moderator', 'admin'],
  // 依申请公开: the disclosure office (moderators, admins) registers and answers applications.
  'disclosure.handle': ['moderator', 'admin'],
  // Administration
  'admin.users': ['admin'],
  'admin.departments': ['admin'],
  'admin.calendar': ['admin'],
  'admin.categories': ['admin'],
  'admin.audit': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface ActorUser {
  /** Internal key; never leaves the server. */
  id: number;
  publicId: string;
  name: string;
  role: Role;
  departmentId: number | null;
  departmentPublicId: string | null;
  title: string | null;
}

/** Who is acting: a signed-in user or a visitor, and from which address (for limits and the audit log). */
export interface Actor {
  user: ActorUser | null;
  ip: string | null;
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.user !== null && (PERMISSIONS[permission] as readonly Role[]).includes(actor.user.role);
}

/** Throws 401 for a visitor and 403 for a signed-in user without the permission. */
export function assertCan(actor: Actor, permission: Permission): asserts actor is Actor & { user: ActorUser } {
  if (!actor.user) throw unauthenticated();
  if (!can(actor, permission)) throw forbidden();
}

/** The workspace each role lands on after signing in. */
export const HOME_WORKSPACE: Record<Role, string> = {
  citizen: '/workspace/citizen',
  handler: '/workspace/handler',
  leader: '/workspace/leader',
  moderator: '/workspace/moderator',
  admin: '/workspace/admin',
};

/** Every workspace a role may open, for the header's links. */
export function workspacesFor(role: Role): Array<{ permission: Permission; href: string; key: string }> {
  const all = [
    { permission: 'workspace.citizen' as const, href: '/workspace/citizen', key: 'citizen' },
    { permission: 'workspace.handler' as const, href: '/workspace/handler', key: 'handler' },
    { permission: 'workspace.leader' as const, href: '/workspace/leader', key: 'leader' },
    { permission: 'workspace.moderator' as const, href: '/workspace/moderator', key: 'moderator' },
    { permission: 'workspace.admin' as const, href: '/workspace/admin', key: 'admin' },
  ];
  return all.filter((w) => (PERMISSIONS[w.permission] as readonly Role[]).includes(role));
}
