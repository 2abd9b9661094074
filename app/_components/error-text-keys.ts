/**
 * The keys of the errors namespace that the root layout hands down to the error pages (ErrorTexts.tsx): the 500
 * page's and the 404/403/401 boundaries'. Not in ErrorTexts.tsx: a client module's exports are references on the server.
 */
export const ERROR_TEXT_KEYS = [
  'serverTitle', 'serverText', 'retry', 'backHome',
  'notFoundTitle', 'notFoundText', 'forbiddenTitle', 'forbiddenText', 'unauthorizedTitle', 'unauthorizedText', 'signIn',
] as const;
