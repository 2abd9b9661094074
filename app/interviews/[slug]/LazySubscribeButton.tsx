'use client';

import dynamic from 'next/dynamic';

/**
 * SubscribeButton, loaded only where it is rendered (signed-in citizens): a server component cannot split a client
 * component off the page's first load itself, so visitors — most of a live page's crowd — would carry it.
 */
export const LazySubscribeButton = dynamic(() => import('./SubscribeButton').then((m) => m.SubscribeButton));
