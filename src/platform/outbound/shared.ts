import pino from 'pino';
import type { Config } from '../../config.js';
import { createOutbound, type Outbound } from './client.js';

const clients = new WeakMap<Config['outbound'], Outbound>();

/**
 * The process's outbound client for a configuration, made on first use: every module, the metrics and the
 * readiness report see the same breakers. A configuration object is one app (tests build many).
 */
export function outboundFor(config: Pick<Config, 'outbound' | 'logLevel'>): Outbound {
  let client = clients.get(config.outbound);
  if (client === undefined) {
    client = createOutbound(config.outbound, {
      logger: pino({ level: config.logLevel, base: { component: 'outbound' } }),
    });
    clients.set(config.outbound, client);
  }
  return client;
}
