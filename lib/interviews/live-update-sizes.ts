/** 图文直播 photo sizes (lib/interviews/live-updates.ts), client-safe: the long side of the large and the small size. */
export const UPDATE_IMAGE_PX = 1600;
export const UPDATE_SMALL_PX = 480;
