import { cache } from 'react';
import { dashboardRadar } from '@/lib/accountability/radar-cache';

/**
 * The inspection radar once per request: the moderator's dashboard reads it for the radar and for the
 * late-disclosure notice (both from one computation), across the per-process copy of lib/accountability/radar-cache.
 */
export const requestRadar = cache(() => dashboardRadar());
