import { readFileSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';
import { http, login } from '../helpers/process.js';
import { launchChromium } from './browser.js';
import type { SharedE2e } from './shared-setup.js';

/**
 * What the browser suites share within one test run, started once by the globalSetup instead of once per file: one
 * Chromium (each file connects and opens its own contexts) and one `cc serve` on which each file makes its own
 * accounts and projects, so the files stay independent of each other. A suite that needs an instance of its own
 * (first-run setup, instance-wide counts) still starts its own server.
 */

function shared(): SharedE2e {
  const provided = inject('e2e');
  if (provided === null || provided === undefined) {
    throw new Error('no shared browser and server: run the browser suites through vitest.config.ts (its globalSetup)');
  }
  return provided;
}

/** The run's Chromium (a connection of this file's own; closing it closes this file's contexts only). */
export function connectChromium(): Promise<Browser> {
  const provided = inject('e2e');
  return provided === null || provided === undefined ? launchChromium() : chromium.connect(provided.chromium);
}

export interface Account {
  email: string;
  password: string;
  displayName: string;
}

/**
 * The shared server (it serves the web/dist the globalSetup built), with an instance administrator of this file's
 * own, made by the run's administrator: files use distinct emails.
 */
export async function sharedServer(admin: Account): Promise<{ base: string; adminToken: string; log: string }> {
  const { url, adminToken, log } = shared();
  const created = await http('POST', `${url}/api/v1/admin/users`, {
    token: adminToken,
    body: { ...admin, isAdmin: true },
  });
  if (created.status !== 201) throw new Error(`could not create ${admin.email}: ${created.status} ${created.body}`);
  return { base: url, adminToken: await login(url, admin.email, admin.password), log };
}

/** What the shared server has logged so far. */
export function sharedServerLog(): string {
  return readFileSync(shared().log, 'utf8');
}
