import { useState } from 'preact/hooks';

/** Copies one value to the clipboard and says so (for screen readers too). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span class="copy">
      <button type="button" class="secondary small-button" aria-label={`Copy ${label}`} onClick={() => void copy()}>Copy</button>
      <span role="status" class="copy-status">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text and copy it' : ''}</span>
    </span>
  );
}
