/** How long the controls stay on a wallboard after the last key press, click or mouse move. */
const CONTROLS_SHOWN_MS = 6000;

/**
 * A wallboard's controls (the filter bar's switch, *Sign out*) stay out of sight until someone
 * uses the keyboard or the mouse, and go again a few seconds later unless the focus is on one of
 * them. The page marks this with `controls-shown` on the body; the styles hide them without it,
 * in wallboard mode only.
 */
export function hideIdleControls(): void {
  const body = document.body;
  let timer: number | undefined;
  const hideLater = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      if (document.querySelector('.topbar :focus, .controls :focus')) hideLater();
      else body.classList.remove('controls-shown');
    }, CONTROLS_SHOWN_MS);
  };
  const show = () => {
    body.classList.add('controls-shown');
    hideLater();
  };
  // Browsers also report a pointer that did not move (after a layout change): only a move counts.
  let at = '';
  document.addEventListener('mousemove', (event) => {
    const now = `${event.screenX},${event.screenY}`;
    if (now !== at) {
      at = now;
      show();
    }
  }, { passive: true, capture: true });
  for (const type of ['keydown', 'mousedown', 'touchstart', 'focusin'] as const) {
    document.addEventListener(type, show, { passive: true, capture: true });
  }
}

/**
 * A repeating timer that can be restarted and stopped: the wallboard's page and campaign turns.
 */
export class Turns {
  private timer: number | undefined;

  constructor(private readonly onTurn: () => void) {}

  every(seconds: number): void {
    this.stop();
    this.timer = window.setInterval(this.onTurn, seconds * 1000);
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }
}
