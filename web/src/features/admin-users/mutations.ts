import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { allUsers } from './queries';

export type ResetLink =
  paths['/api/v1/admin/users/{userId}/password-reset']['post']['responses'][201]['content']['application/json'];

function createLink(userId: string) {
  return call(api.POST('/api/v1/admin/users/{userId}/password-reset', { params: { path: { userId } }, body: {} }));
}

/** A throwaway password nobody sees, for accounts whose owner sets their own through a reset link. */
function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Creates an account. Without a password, it gets a random one nobody sees and the answer carries a reset link for
 * its owner to set their own.
 */
export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; displayName: string; password: string | null; isAdmin: boolean }) => {
      const user = await call(
        api.POST('/api/v1/admin/users', {
          body: {
            email: input.email,
            displayName: input.displayName,
            password: input.password ?? randomPassword(),
            isAdmin: input.isAdmin,
          },
        }),
      );
      return { user, link: input.password === null ? await createLink(user.id) : null };
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: allUsers }),
  });
}

export function useSetUserDisabled(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (disabled: boolean) =>
      call(api.PATCH('/api/v1/admin/users/{userId}', { params: { path: { userId } }, body: { disabled } })),
    onSuccess: () => client.invalidateQueries({ queryKey: allUsers }),
  });
}

export function useResetLink(userId: string) {
  return useMutation({ mutationFn: () => createLink(userId) });
}
