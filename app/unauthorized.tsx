import { StatusBoundary } from './_components/StatusBoundary';

/**
 * What `unauthorized()` shows. The pages send visitors to /login instead, but with authInterrupts on Next puts this
 * boundary into every page's payload: without this file its own English page with inline styles (~1.2 KB per page).
 */
export default function Unauthorized() {
  return <StatusBoundary kind="unauthorized" />;
}
