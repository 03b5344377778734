import { PasswordInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';

/**
 * A new password typed twice, as every form that creates an account asks for it: pass the form's
 * `getInputProps('password')` and `getInputProps('confirm')`.
 */
export function NewPasswordFields(props: {
  password: GetInputPropsReturnType;
  confirm: GetInputPropsReturnType;
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
        {...props.password}
      />
      <PasswordInput
        label="Repeat the password"
        name="confirm"
        autoComplete="new-password"
        required
        {...props.confirm}
      />
    </>
  );
}
