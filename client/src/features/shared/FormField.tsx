import type { ReactNode } from 'react';

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children(described: string | undefined): ReactNode;
}

/** A label, the control, its hint and its problem, announced and tied to the control for screen readers. */
function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(described || undefined)}
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string | undefined;
  error?: string | undefined;
}

interface FormFieldProps extends FieldProps {
  type?: 'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'number' | 'url';
  autoComplete: string;
}

/** A labelled input. */
export function FormField({ id, label, type = 'text', autoComplete, value, onChange, hint, error }: FormFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(described) => (
        <input
          id={id}
          name={id}
          type={type}
          autoComplete={autoComplete}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
        />
      )}
    </FieldFrame>
  );
}

/** A labelled box for longer text. */
export function TextAreaField({ id, label, value, onChange, hint, error, rows = 4 }: FieldProps & { rows?: number }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(described) => (
        <textarea
          id={id}
          name={id}
          rows={rows}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
        />
      )}
    </FieldFrame>
  );
}

/** A labelled choice among options. */
export function SelectField({ id, label, value, onChange, hint, error, options }: FieldProps & { options: readonly { value: string; label: string }[] }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(described) => (
        <select id={id} name={id} value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={described} aria-invalid={error ? true : undefined}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** A labelled yes or no; its value is 'true' or 'false' (forms here keep strings). */
export function CheckboxField({ id, label, value, onChange, hint, error }: FieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field field--checkbox">
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={value === 'true'}
        onChange={(event) => onChange(String(event.target.checked))}
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
