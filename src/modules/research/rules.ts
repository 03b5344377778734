import type { FieldError } from '../../platform/http/problems.js';
import type { Confidence, ResearchStatus, Verdict } from './tables.js';

/**
 * The completion rules of a research task, as one pure function so that they are stated (and tested) in one place:
 *
 * 1. A task is `completed` exactly when its progress is 100, and only a completed task has `completedAt`.
 * 2. Setting progress to 100 (without a status) completes the task; setting status `completed` (without a progress)
 *    sets progress to 100. Either stamps `completedAt` with the time of the change, unless the task was completed
 *    already (then the first stamp stays).
 * 3. Asking for both `completed` and a progress below 100, or another status and progress 100, is contradictory: 422.
 * 4. Reopening — a completed task given another status, or a progress below 100 — clears `completedAt`. Without a
 *    status, a progress below 100 reopens to `in_progress` (to `pending` at 0). Without a progress, a status other
 *    than completed restarts the progress at 0: the old figure was replaced by 100 on completion.
 * 5. A `pending` task given progress above 0 (and no status) becomes `in_progress`: work has started.
 * 6. Other status changes leave progress alone, and progress changes leave other statuses alone.
 */
export interface CompletionState {
  status: ResearchStatus;
  progress: number;
  completedAt: Date | null;
}

export interface CompletionChange {
  status?: ResearchStatus;
  progress?: number;
}

export type Resolution<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const INITIAL: CompletionState = { status: 'pending', progress: 0, completedAt: null };

/** The task's status, progress and completion stamp after `change`; `current` is null for a new task. */
export function resolveCompletion(
  current: CompletionState | null,
  change: CompletionChange,
  now: Date,
): Resolution<CompletionState> {
  const before = current ?? INITIAL;
  const { status, progress } = change;
  if (status === 'completed' && progress !== undefined && progress < 100) {
    return fail('/body/progress', 'a completed task has progress 100; leave progress out or send 100');
  }
  if (status !== undefined && status !== 'completed' && progress === 100) {
    return fail('/body/progress', `progress 100 completes the task; send status completed or a lower progress`);
  }

  let nextStatus: ResearchStatus;
  let nextProgress: number;
  if (status === 'completed' || (status === undefined && progress === 100)) {
    nextStatus = 'completed';
    nextProgress = 100;
  } else if (status !== undefined) {
    nextStatus = status;
    nextProgress = progress ?? (before.status === 'completed' ? 0 : before.progress);
  } else if (progress !== undefined) {
    nextProgress = progress;
    if (before.status === 'completed') nextStatus = progress === 0 ? 'pending' : 'in_progress';
    else if (before.status === 'pending' && progress > 0) nextStatus = 'in_progress';
    else nextStatus = before.status;
  } else {
    return { ok: true, value: { status: before.status, progress: before.progress, completedAt: before.completedAt } };
  }

  const completedAt = nextStatus === 'completed' ? (before.status === 'completed' ? before.completedAt : now) : null;
  return { ok: true, value: { status: nextStatus, progress: nextProgress, completedAt } };
}

export interface VerdictState {
  verdict: Verdict | null;
  confidence: Confidence | null;
}

/**
 * Verdict and confidence go together: a verdict needs a confidence (given now or kept from before), a confidence
 * needs a verdict, and clearing the verdict (null) clears the confidence.
 */
export function resolveVerdict(
  current: VerdictState | null,
  change: { verdict?: Verdict | null; confidence?: Confidence | null },
): Resolution<VerdictState> {
  const before = current ?? { verdict: null, confidence: null };
  const verdict = change.verdict === undefined ? before.verdict : change.verdict;
  let confidence = change.confidence === undefined ? before.confidence : change.confidence;
  if (verdict === null) {
    if (change.confidence !== undefined && change.confidence !== null) {
      return fail('/body/confidence', 'a confidence belongs to a verdict; record a verdict with it');
    }
    confidence = null;
  } else if (confidence === null) {
    return fail('/body/confidence', 'a verdict needs a confidence: low, medium or high');
  }
  return { ok: true, value: { verdict, confidence } };
}

/** Tags are compared case-insensitively: trimmed, lower-cased, unique, in first-seen order. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}

/** `YYYY-MM-DD` of an instant in UTC. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The calendar day `days` after `day` (both `YYYY-MM-DD`). */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/** True when `day` is a real calendar date (the schema only checks the shape). */
export function isCalendarDay(day: string): boolean {
  const parsed = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed) && utcDay(new Date(parsed)) === day;
}

function fail<T>(pointer: string, detail: string): Resolution<T> {
  return { ok: false, errors: [{ pointer, detail }] };
}
