import { hash, verify } from '@node-rs/argon2';

// OWASP's Argon2id baseline (19 MiB, 2 passes). Tuned for login latency on small machines, not for throughput.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longer inputs are refused before hashing: Argon2 cost grows with input and this bounds it. */
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

type VerificationListener = (parameters: string) => void;
const verificationListeners = new Set<VerificationListener>();

/**
 * Calls `listener` at every password verification this process runs (sign-ins, decoys included) with the hash's
 * Argon2 parameters (`argon2id$v=19$m=…,t=…,p=…`, never the hash itself); returns the function that stops it.
 */
export function onPasswordVerification(listener: VerificationListener): () => void {
  verificationListeners.add(listener);
  return () => verificationListeners.delete(listener);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const parameters = passwordHash.split('$').slice(1, 4).join('$');
  for (const listener of verificationListeners) listener(parameters);
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * A hash made like every account's, of a password nobody has: verifying against it for an unknown email spends the
 * same Argon2 work as a wrong password, so the two answer in about the same time.
 */
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword('decoy password that never matches anything');
  return decoy;
}
