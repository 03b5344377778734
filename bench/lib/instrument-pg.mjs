// Preloaded into the server under test (`node --import`) only when the bench runs with --diagnose. It counts the
// server's PostgreSQL round trips and the time spent in them and in waiting for a pooled connection, without
// touching src/. It also tracks event-loop utilisation (the share of time the loop ran JavaScript rather than waited).
// On SIGUSR2 it prints one line `CCBENCH {json}` with the running totals to stderr.
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const totals = { queries: 0, transactions: 0, queryMs: 0, connects: 0, connectWaitMs: 0 };
const elapsedMs = (started) => Number(process.hrtime.bigint() - started) / 1e6;

const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function query(config, ...rest) {
  const started = process.hrtime.bigint();
  const result = originalQuery.call(this, config, ...rest);
  if (result !== undefined && typeof result.then === 'function') {
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    totals.queries += 1;
    if (/^\s*BEGIN\b/i.test(text)) totals.transactions += 1;
    const done = () => {
      totals.queryMs += elapsedMs(started);
    };
    result.then(done, done);
  }
  return result;
};

const originalConnect = pg.Pool.prototype.connect;
pg.Pool.prototype.connect = function connect(...args) {
  if (args.length > 0) return originalConnect.apply(this, args);
  const started = process.hrtime.bigint();
  const result = originalConnect.call(this);
  totals.connects += 1;
  const done = () => {
    totals.connectWaitMs += elapsedMs(started);
  };
  result.then(done, done);
  return result;
};

process.on('SIGUSR2', () => {
  const loop = performance.eventLoopUtilization();
  process.stderr.write(`CCBENCH ${JSON.stringify({ ...totals, loopActiveMs: loop.active, loopIdleMs: loop.idle })}\n`);
});
