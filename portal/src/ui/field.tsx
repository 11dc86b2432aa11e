import type { ComponentChildren } from 'preact';

/**
 * A labelled form control with its hint and its error right below it. The control is
 * described by both (aria-describedby) and marked aria-invalid while the error stands.
 */
export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => ComponentChildren;
}

export function Field({ id, label, hint, error, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint ? <p class="hint" id={hintId}>{hint}</p> : null}
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': 'true' as const } : {}) })}
      {error ? <p class="field-error" id={errorId} data-testid={`${id}-error`}>{error}</p> : null}
    </div>
  );
}
