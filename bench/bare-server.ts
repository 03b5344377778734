/**
 * The baseline: Fastify with one route and nothing else (no plugins, hooks, auth or database), run as its own
 * process exactly like the server under test. `PORT` picks the port; it prints `listening <url>` when ready.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });

app.get(
  '/bare',
  {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: { id: { type: 'string' }, name: { type: 'string' }, ok: { type: 'boolean' } },
        },
      },
    },
  },
  async () => ({ id: '01890a5d-ac96-774b-bcce-b302099a8057', name: 'bare', ok: true }),
);

const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.stdout.write(`listening ${url}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
