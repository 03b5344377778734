import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** `web/dist` at the repository root, seen from `src/` (tsx) or `dist/src/` (compiled). */
export function webDistDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = here.includes(join('dist', 'src')) ? join(here, '..', '..', '..', '..') : join(here, '..', '..', '..');
  return join(root, 'web', 'dist');
}

const NOT_THE_APP = /^\/(api|docs|health|metrics|openapi\.json)(\/|$|\?)/;

export interface WebApp {
  register(app: FastifyInstance): Promise<void>;
  /** For the not-found handler: the app shell for a browser asking for a client-side route, else undefined. */
  shell(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
}

/**
 * Serves the built web app at `/` when `web/dist` exists (after `npm run build`). Client-side routes such as
 * `/projects/…/members` get `index.html`; API paths and missing assets keep their 404 problems.
 */
export function webApp(root = webDistDir()): WebApp {
  const indexFile = join(root, 'index.html');
  const indexHtml = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;
  return {
    async register(app) {
      if (indexHtml === undefined) return;
      await app.register(fastifyStatic, {
        root,
        prefix: '/',
        wildcard: true,
        index: ['index.html'],
        // Vite names built assets by content hash, so they never change; index.html must be re-read after a deploy.
        setHeaders(reply, path) {
          reply.header(
            'cache-control',
            relative(root, path).startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
        allowedPath: (path) => !NOT_THE_APP.test(path) && !path.includes('//'),
      });
    },
    shell(request, reply) {
      if (indexHtml === undefined || request.method !== 'GET') return undefined;
      const path = request.url.split('?')[0]!;
      if (
        !(request.headers.accept ?? '').includes('text/html') ||
        NOT_THE_APP.test(path) ||
        /\.[a-z0-9]+$/i.test(path)
      ) {
        return undefined;
      }
      return reply.code(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
    },
  };
}
