import { PasswordInput } from '@mantine/core';

/** A new password typed twice, as every form that creates an account asks for it. */
export function NewPasswordFields(props: {
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
  errors: { password?: string; confirm?: string };
  description?: string;
}) {
  return (
    <>
      <PasswordInput
        label="Password"
        name="password"
        description={props.description}
        autoComplete="new-password"
        required
        value={props.password}
        onChange={(event) => props.onPassword(event.currentTarget.value)}
        error={props.errors.password}
      />
      <PasswordInput
        label="Repeat the password"
        name="confirm"
        autoComplete="new-password"
        required
        value={props.confirm}
        onChange={(event) => props.onConfirm(event.currentTarget.value)}
        error={props.errors.confirm}
      />
    </>
  );
}
