/**
 * One server re-render for a burst of live signals. A staff tab hears the same change twice — the bell's
 * `notification:new` and the queue's `letter:changed` arrive within milliseconds of each other — and a busy
 * department sends bursts; each `router.refresh()` re-renders the whole page on the server. Every live component
 * asks through here, so the tab refreshes once per window, after the last signal of the window has arrived.
 */
export const REFRESH_WINDOW_MS = 150;

type Refresher = { refresh(): void };

let timer: ReturnType<typeof setTimeout> | undefined;
let latest: Refresher | undefined;

export function refreshSoon(router: Refresher): void {
  latest = router;
  if (timer !== undefined) return;
  timer = setTimeout(() => {
    timer = undefined;
    const run = latest;
    latest = undefined;
    run?.refresh();
  }, REFRESH_WINDOW_MS);
}
