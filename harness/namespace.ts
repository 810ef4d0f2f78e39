// Run-scoped, check-scoped names: every IRI, mbox and registration a check uses carries the run id and a
// key for the check and xAPI version, so concurrent checks and data already on the target never meet.
import { createHash, randomUUID } from 'node:crypto';
import type { Namespace } from './context.js';

const ROOT = 'https://xapi-conform.example';

/** A short, filesystem- and IRI-safe run id: UTC time plus randomness. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `${stamp}-${randomUUID().slice(0, 8)}`;
}

/** A deterministic UUID (version 5 layout) from the given parts. */
export function deterministicUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function createNamespace(runId: string, checkId: string, version: string): Namespace {
  const base = `${ROOT}/${runId}/${encodeURIComponent(checkId)}/${version}`;
  const short = createHash('sha1').update(`${runId}/${checkId}/${version}`).digest('hex').slice(0, 10);
  const seg = (name: string | undefined, fallback: string) => encodeURIComponent(name ?? fallback);
  return {
    activity: (name) => `${base}/activity/${seg(name, 'default')}`,
    verb: (name) => `${base}/verb/${seg(name, 'did')}`,
    registration: (name) => deterministicUuid(runId, checkId, version, 'registration', name ?? 'default'),
    agent: (name) => {
      const local = (name ?? 'learner').toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
      return { objectType: 'Agent', mbox: `mailto:${local}.${short}@${runId.toLowerCase()}.xapi-conform.example`, name: `${name ?? 'learner'} (${checkId})` };
    },
    uuid: () => randomUUID(),
    stateId: (name) => `xapi-conform-${short}-${name ?? 'state'}`,
    profileId: (name) => `xapi-conform-${short}-${name ?? 'profile'}`,
  };
}
