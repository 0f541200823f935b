import { useLayoutEffect } from 'react';
import { dismissFirstView } from '../api/early';

/**
 * Removes the routers' first view (server/http/firstView.ts), if the page shows one, when this renders: placed
 * where the app shows something else than the loading of the routers (an error, a screen the role may not use),
 * which the first view's overlay must not hide. In the same frame as that content (a layout effect).
 */
export function FirstViewGone(): null {
  useLayoutEffect(dismissFirstView, []);
  return null;
}
