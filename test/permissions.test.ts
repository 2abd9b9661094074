import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@/lib/accounts/schema';
import { AppError } from '@/lib/errors';
import { HOME_WORKSPACE, PERMISSIONS, assertCan, can, workspacesFor, type Actor, type Permission } from '@/lib/auth/permissions';

const actorWithRole = (role: Role): Actor => ({
  user: { id: 1, publicId: `user-${role}`, name: role, role, departmentId: null, departmentPublicId: null, title: null },
  ip: '192.0.2.1',
});
const visitor: Actor = { user: null, ip: '192.0.2.1' };

// Written out by hand from DESIGN.md §1, not derived from PERMISSIONS, so a change to the table shows up here.
const WORKSPACES: Record<string, Record<Role, boolean>> = {
  'workspace.citizen': { citizen: true, handler: false, leader: false, moderator: false, admin: false },
  'workspace.handler': { citizen: false, handler: true, leader: true, moderator: false, admin: false },
  'workspace.leader': { citizen: false, handler: false, leader: true, moderator: false, admin: false },
  // One role hierarchy (issue 13): an admin holds every moderator permission.
  'workspace.moderator': { citizen: false, handler: false, leader: false, moderator: true, admin: true },
  'workspace.admin': { citizen: false, handler: false, leader: false, moderator: false, admin: true },
};

const workspaceCases = Object.entries(WORKSPACES).flatMap(([permission, byRole]) =>
  ROLES.map((role) => [role, permission as Permission, byRole[role]] as const),
);

describe('can() for workspaces', () => {
  it('covers every role and every workspace permission', () => {
    expect(workspaceCases).toHaveLength(ROLES.length * 5);
    expect(Object.keys(PERMISSIONS).filter((p) => p.startsWith('workspace.')).sort()).toEqual(Object.keys(WORKSPACES).sort());
  });

  it.each(workspaceCases)('%s on %s → %s', (role, permission, expected) => {
    expect(can(actorWithRole(role), permission)).toBe(expected);
  });

  it.each(Object.keys(WORKSPACES))('a visitor may not open %s', (permission) => {
    expect(can(visitor, permission as Permission)).toBe(false);
  });
});

describe('can() for operations', () => {
  it.each<[Permission, Role[]]>([
    ['letters.create', ['citizen']],
    ['letters.triage', ['moderator', 'admin']],
    ['letters.reply', ['handler', 'leader']],
    ['letters.transfer', ['handler', 'leader', 'moderator', 'admin']],
    ['letters.intake', ['handler', 'moderator', 'admin']],
    ['disclosure.intake', ['handler', 'moderator', 'admin']],
    ['interviews.ask', ['citizen']],
    ['interviews.answer', ['leader']],
    ['interviews.subscribe', ['citizen']],
    ['questions.moderate', ['moderator', 'admin']],
    ['disclosure.publish', ['moderator', 'admin']],
    ['disclosure.apply', ['citizen']],
    ['admin.users', ['admin']],
    ['admin.audit', ['admin']],
  ])('%s is allowed to exactly %j', (permission, allowed) => {
    const granted = ROLES.filter((role) => can(actorWithRole(role), permission));
    expect(granted).toEqual(allowed);
  });
});

describe('assertCan', () => {
  it('throws 401 请先登录 for a visitor', () => {
    let thrown: unknown;
    try {
      assertCan(visitor, 'workspace.citizen');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'unauthenticated', status: 401, message: '请先登录' });
  });

  it.each<[Role, Permission]>([
    ['admin', 'workspace.citizen'],
    ['moderator', 'workspace.admin'],
    ['citizen', 'workspace.handler'],
    ['handler', 'workspace.leader'],
    ['moderator', 'admin.users'],
    ['leader', 'letters.triage'],
  ])('throws 403 for %s on %s', (role, permission) => {
    let thrown: unknown;
    try {
      assertCan(actorWithRole(role), permission);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'forbidden', status: 403, message: '您没有权限进行此操作' });
  });

  it.each<[Role, Permission]>([
    ['leader', 'workspace.handler'],
    ['admin', 'admin.users'],
    ['moderator', 'workspace.moderator'],
    ['admin', 'workspace.moderator'],
  ])('passes for %s on %s', (role, permission) => {
    expect(() => assertCan(actorWithRole(role), permission)).not.toThrow();
  });
});

describe('workspacesFor and HOME_WORKSPACE', () => {
  it.each<[Role, string[]]>([
    ['citizen', ['citizen']],
    ['handler', ['handler']],
    ['leader', ['handler', 'leader']],
    ['moderator', ['moderator']],
    ['admin', ['moderator', 'admin']],
  ])('%s sees the workspaces %j', (role, keys) => {
    expect(workspacesFor(role).map((w) => w.key)).toEqual(keys);
  });

  it.each(ROLES)('%s lands on a workspace it may open', (role) => {
    expect(HOME_WORKSPACE[role]).toBe(`/workspace/${role}`);
    expect(workspacesFor(role).map((w) => w.href)).toContain(HOME_WORKSPACE[role]);
  });
});
