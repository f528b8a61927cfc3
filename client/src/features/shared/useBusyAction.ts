import { useRef, useState } from 'react';

/**
 * Runs an async action from a button or a form, ignoring repeats meanwhile so
 * a double click or a second Enter does not run it twice. Buttons show this
 * with `aria-disabled`, not `disabled`: a disabled button loses keyboard focus
 * to the page.
 */
export function useBusyAction(): [isBusy: boolean, run: (action: () => Promise<unknown>) => void] {
  const [isBusy, setBusy] = useState(false);
  const isRunning = useRef(false);
  const run = (action: () => Promise<unknown>) => {
    if (isRunning.current) return;
    isRunning.current = true;
    setBusy(true);
    void action().finally(() => {
      isRunning.current = false;
      setBusy(false);
    });
  };
  return [isBusy, run];
}
