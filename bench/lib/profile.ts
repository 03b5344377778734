import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from './processes.js';
import type { ProfileSummary } from './types.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Which package, Node core, our src, or V8 bucket a frame belongs to. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(program)') return '(program: V8/native)';
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node core';
  // PGlite's PostgreSQL compiled to WebAssembly.
  if (url.startsWith('wasm://')) return 'wasm (PGlite engine)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first = '', second = ''] = url.slice(modules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.includes('/src/')) return 'commandcenter src';
  return 'other';
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Self time per area and per function from a V8 .cpuprofile, counting only samples inside `window` (microseconds
 * on the monotonic clock, which V8 and process.hrtime share on Linux); the whole profile if the window misses it.
 */
export function summariseProfile(
  file: string,
  window: { startUs: number; endUs: number } | undefined,
  top = 15,
): ProfileSummary | null {
  if (!existsSync(file)) return null;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const collect = (inWindow: (at: number) => boolean) => {
    const selfUs = new Map<number, number>();
    let at = profile.startTime;
    let total = 0;
    for (let index = 0; index < profile.samples.length; index++) {
      const delta = profile.timeDeltas[index] ?? 0;
      at += delta;
      if (!inWindow(at)) continue;
      const id = profile.samples[index]!;
      selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
      total += delta;
    }
    return { selfUs, total };
  };
  let { selfUs, total } = collect((at) => window === undefined || (at >= window.startUs && at <= window.endUs));
  if (total === 0) ({ selfUs, total } = collect(() => true));
  if (total === 0) return null;

  const areas = new Map<string, number>();
  const functions = new Map<string, { name: string; area: string; location: string; us: number }>();
  for (const [id, us] of selfUs) {
    const frame = frames.get(id)!;
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const location =
      frame.url === ''
        ? ''
        : `${frame.url.startsWith('file://') ? relative(REPO_ROOT, new URL(frame.url).pathname) : frame.url}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName}@${location}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', area, location, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  return {
    file: relative(REPO_ROOT, file),
    sampledMs: Math.round(total / 1000),
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, percent: round((us / total) * 100) })),
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ name, area, location, us }) => ({ name, area, location, percent: round((us / total) * 100) })),
  };
}
