// --cleanup: void the statements and delete the documents the checks recorded in their ledgers. Only
// what this run created is touched; errors are collected, never thrown.
import { createClient, type Transport } from './client.js';
import type { LedgerEntries } from './engine.js';
import type { ResolvedOptions } from './options.js';
import type { Target } from './target.js';
import { randomUUID } from 'node:crypto';

const BATCH = 50;

export async function cleanupLedger(
  ledger: LedgerEntries,
  target: Target,
  options: ResolvedOptions,
  transport: Transport,
): Promise<{ statementsVoided: number; documentsDeleted: number; errors: string[] }> {
  const errors: string[] = [];
  let statementsVoided = 0;
  let documentsDeleted = 0;
  const clientFor = (version: string) =>
    createClient({ endpoint: target.endpoint, auth: target.auth, extraHeaders: options.extraHeaders, defaultVersion: version, transport });
  const actor = { objectType: 'Agent', mbox: 'mailto:cleanup@xapi-conform.example', name: 'xapi-conform cleanup' };
  const verb = { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } };

  for (const version of new Set(ledger.statements.map((s) => s.version))) {
    const ids = [...new Set(ledger.statements.filter((s) => s.version === version).map((s) => s.id))];
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const voiding = batch.map((id) => ({ id: randomUUID(), actor, verb, object: { objectType: 'StatementRef', id } }));
      try {
        const res = await clientFor(version).request({ method: 'POST', path: 'statements', body: voiding });
        if (res.status === 200) statementsVoided += batch.length;
        else errors.push(`voiding ${batch.length} statements answered ${res.status}: ${res.text().slice(0, 200)}`);
      } catch (err) {
        errors.push(`voiding ${batch.length} statements: ${(err as Error).message}`);
      }
    }
  }
  for (const doc of ledger.documents) {
    try {
      const res = await clientFor(doc.version).request({ method: 'DELETE', path: doc.resource, query: doc.query });
      if (res.status === 204 || res.status === 200) documentsDeleted += 1;
      else if (res.status !== 404) errors.push(`DELETE ${doc.resource} answered ${res.status}`);
    } catch (err) {
      errors.push(`DELETE ${doc.resource}: ${(err as Error).message}`);
    }
  }
  return { statementsVoided, documentsDeleted, errors };
}
