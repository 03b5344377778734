import { useMutation } from '@tanstack/react-query';
import { call, publicApi } from '../../api/client';
import type { RequestBody } from '../../api/types';
import { login, markSetupDone } from '../../auth/session';

/**
 * The account writes made signed out (no bearer token). Each ends signed in with the password just set, so a failed
 * sign-in shows on the same form; nothing cached needs refreshing, as the pages navigate away.
 */

export function useCreateFirstAdministrator() {
  return useMutation({
    mutationFn: async (body: RequestBody<'/api/v1/setup', 'post'>) => {
      await call(publicApi.POST('/api/v1/setup', { body }));
      markSetupDone();
      await login(body.email, body.password);
    },
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: async (body: RequestBody<'/api/v1/password-reset', 'post'>) => {
      const done = await call(publicApi.POST('/api/v1/password-reset', { body }));
      await login(done.email, body.password);
    },
  });
}
