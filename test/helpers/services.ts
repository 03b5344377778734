/**
 * The machine's services for integration suites. `.ci/run` exports these URLs; without them a suite that needs one
 * is skipped locally, but with CI=true a missing service fails the run instead of skipping silently.
 */
export const services = {
  postgres: process.env.TEST_POSTGRES_URL,
  redis: process.env.TEST_REDIS_URL,
  nats: process.env.TEST_NATS_URL,
};

export const inCi = process.env.CI === 'true';

export function requireService(name: keyof typeof services): string | undefined {
  const url = services[name];
  if (url === undefined && inCi) {
    throw new Error(`CI=true but TEST_${name.toUpperCase()}_URL is not set: .ci/run must start ${name} and export it`);
  }
  return url;
}
