import { useEffect } from 'react';

const DIALOG = '[role="dialog"][aria-modal="true"]';
/** A closing Mantine dialog gives the focus back to its opener 10 ms after it closes: look only after that. */
const RESCUE_DELAY_MS = 50;
const HISTORY = 20;

function usable(el: HTMLElement): boolean {
  return el.isConnected && !el.matches(':disabled') && el.getClientRects().length > 0;
}

function topDialog(): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>(DIALOG)].at(-1);
}

/**
 * Where the focus goes back to, given the elements focused last (oldest first): the latest one that is still
 * there and usable; or, for one that is not, its dialog when that is still open. Elements behind the topmost
 * open dialog do not count. Without any: the topmost dialog, else the page's main content.
 */
function rescueTarget(history: readonly HTMLElement[]): HTMLElement | null {
  const top = topDialog();
  for (let i = history.length - 1; i >= 0; i--) {
    const el = history[i]!;
    if (top && !top.contains(el) && el.isConnected) continue;
    if (usable(el)) return el;
    const dialog = el.closest<HTMLElement>(DIALOG);
    if (dialog?.isConnected && (!top || dialog === top)) return dialog;
  }
  return top ?? document.querySelector<HTMLElement>('main');
}

/**
 * Keeps the keyboard's place when the focused element disappears or becomes disabled (a button that
 * starts loading, a menu item that opened a dialog which then closed, a row that leaves the list): the
 * focus would fall to the document's body, and the next Tab would start again at the top of the page,
 * outside the open dialog. Instead it goes back to where the user was last (see rescueTarget). A focus
 * the user moved to the body on purpose (a click on empty space) is left alone.
 */
export function useFocusRescue(): void {
  useEffect(() => {
    const history: HTMLElement[] = [];
    const onFocusIn = (e: FocusEvent) => {
      if (!(e.target instanceof HTMLElement) || e.target === document.body) return;
      if (history.at(-1) !== e.target) history.push(e.target);
      if (history.length > HISTORY) history.shift();
    };
    const check = () => {
      const active = document.activeElement;
      if (active && active !== document.body) return;
      const last = history.at(-1);
      if (!last || usable(last)) return;
      const target = rescueTarget(history);
      if (!target) return;
      if (!target.hasAttribute('tabindex') && !target.matches('a[href], button, input, select, textarea')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    };
    let timer: number | undefined;
    const later = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        check();
      }, RESCUE_DELAY_MS);
    };
    const observer = new MutationObserver(later);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    document.addEventListener('focusin', onFocusIn);
    return () => {
      window.clearTimeout(timer);
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
    };
  }, []);
}
