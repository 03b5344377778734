import { useCallback, useState } from 'react';
import { ApiError, describeError } from '../api/problem';

export interface FormErrors {
  /** Messages per body field, from problem `errors[].pointer` (/body/<field>) or local checks. */
  fields: Record<string, string>;
  /** The problem's `detail` (plus any validation message that fits no field). */
  form: string | undefined;
}

/** A failed request split for a form: field messages beside their inputs, the rest above the submit button. */
export function formErrorsOf(error: unknown, knownFields: readonly string[]): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: describeError(error) };
  const fields = error.fieldErrors;
  const stray = error.otherErrors(knownFields);
  const hasFieldMessages = Object.keys(fields).some((field) => knownFields.includes(field));
  // When every message sits beside its field, the generic "invalid fields" detail adds nothing.
  const form = hasFieldMessages && stray.length === 0 ? undefined : [error.problem.detail, ...stray].join(' ');
  return { fields, form };
}

/** Maps a failed request onto a form kept in useState (forms built with @mantine/form use formErrorsOf). */
export function useFormErrors(knownFields: readonly string[]) {
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: undefined });
  const fromError = useCallback((error: unknown) => setErrors(formErrorsOf(error, knownFields)), [knownFields]);
  const clear = useCallback(() => setErrors({ fields: {}, form: undefined }), []);
  const setField = useCallback(
    (field: string, message: string | undefined) =>
      setErrors((current) => {
        const fields = { ...current.fields };
        if (message === undefined) delete fields[field];
        else fields[field] = message;
        return { ...current, fields };
      }),
    [],
  );
  return { errors, fromError, clear, setField };
}
