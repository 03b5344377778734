import { useQuery } from '@tanstack/react-query';
import { call, publicApi } from '../../api/client';

/** The account reads made signed out (no bearer token): first-run setup and password reset links. */

/** Whether the instance still needs its first administrator. */
export function useSetupStatus() {
  return useQuery({ queryKey: ['setup'], queryFn: () => call(publicApi.GET('/api/v1/setup')) });
}

/** Whose password a reset link sets and until when (asked once: the answer does not change). */
export function useResetLinkPreview(token: string) {
  return useQuery({
    enabled: token !== '',
    queryKey: ['password-reset-preview', token],
    queryFn: () => call(publicApi.POST('/api/v1/password-reset/preview', { body: { token } })),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
