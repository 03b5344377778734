/**
 * The identity module's services, one file per concern: accounts (users, first-run setup), sessions (sign-in,
 * refresh, access tokens), password reset links, and project API keys. Importers use this entry.
 */
export * from './accounts.js';
export * from './api-keys.js';
export * from './password-resets.js';
export * from './sessions.js';
