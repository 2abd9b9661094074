/** The nine parties of the authorisation matrix (a column each). */
export const PARTIES = [
  'visitor',
  'citizen', // owner of the letter, the application and the question the rows use
  'otherCitizen',
  'handler', // handler@, of the department (文化市场管理处) the letter is assigned to
  'otherHandler', // a handler of another department
  'guestLeader', // leader@, guest of the interview
  'otherLeader', // a leader who is not a guest (of a third department)
  'moderator',
  'admin',
] as const;
export type Party = (typeof PARTIES)[number];
