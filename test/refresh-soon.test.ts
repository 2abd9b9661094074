import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_WINDOW_MS, refreshSoon } from '@/app/_components/refresh-soon';

describe('refreshSoon: one server re-render per burst of live signals', () => {
  afterEach(() => vi.useRealTimers());

  it('turns the bell and the queue hearing one change into one refresh', () => {
    vi.useFakeTimers();
    const router = { refresh: vi.fn() };
    refreshSoon(router); // notification:new
    refreshSoon(router); // letter:changed, a few milliseconds later
    expect(router.refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REFRESH_WINDOW_MS);
    expect(router.refresh).toHaveBeenCalledTimes(1);
  });

  it('refreshes again for a signal after the window, and a burst of fifty costs one', () => {
    vi.useFakeTimers();
    const router = { refresh: vi.fn() };
    for (let i = 0; i < 50; i++) refreshSoon(router);
    vi.advanceTimersByTime(REFRESH_WINDOW_MS);
    refreshSoon(router);
    vi.advanceTimersByTime(REFRESH_WINDOW_MS);
    expect(router.refresh).toHaveBeenCalledTimes(2);
  });

  it('is what the live components use instead of calling router.refresh on each signal', () => {
    for (const file of [
      'app/_components/LiveRefreshClient.tsx',
      'app/_components/NotificationBell.tsx',
      'app/workspace/leader/questions/AssignedLive.tsx',
    ]) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).toContain('refreshSoon(router)');
      expect(source, file).not.toContain('router.refresh()');
    }
  });
});
