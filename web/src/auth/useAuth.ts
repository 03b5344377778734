import { useSyncExternalStore } from 'react';
import { type AuthState, getAuthState, subscribe } from './session';

export function useAuth(): AuthState {
  return useSyncExternalStore(subscribe, getAuthState, getAuthState);
}
