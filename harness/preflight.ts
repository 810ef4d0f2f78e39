// Preflight: GET /about and one authenticated request before any check, so that an unreachable target,
// a wrong base URL or rejected credentials give one clear message (exit 3), not a thousand failures.
// The authenticated request filters by a fresh registration: its answer never depends on what else the
// target holds (the newest statement may be a 20 MiB one from an earlier run).
import { randomUUID } from 'node:crypto';
import type { XapiVersion } from './check.js';
import { XAPI_VERSIONS } from './check.js';
import type { XapiClient, XapiResponse } from './context.js';

export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightError';
  }
}

export interface About {
  version: string[];
  extensions?: Record<string, unknown>;
}

async function attempt(endpoint: string, what: string, send: () => Promise<XapiResponse>): Promise<XapiResponse> {
  try {
    return await send();
  } catch (err) {
    throw new PreflightError(`cannot reach the target ${endpoint} (${what}): ${(err as Error).message.replace(/^[A-Z]+ \S+: /, '')}`);
  }
}

/**
 * With --xapi-version the run does not depend on /about: an LRS without it (or with a broken one) is
 * still tested, and about.resource.present reports the absence once.
 */
export async function preflight(
  client: XapiClient,
  endpoint: string,
  requested: XapiVersion | 'both' | undefined,
  hasCredentials: boolean,
): Promise<{ about?: About; versions: XapiVersion[] }> {
  const about = requested ? await readAbout(client, endpoint).catch(unlessPreflightError) : await readAbout(client, endpoint);
  const versions = chooseVersions(about, requested);
  await checkCredentials(client, endpoint, versions[versions.length - 1]!, hasCredentials);
  return { ...(about ? { about } : {}), versions };
}

function unlessPreflightError(err: unknown): undefined {
  if (err instanceof PreflightError) return undefined;
  throw err;
}

async function readAbout(client: XapiClient, endpoint: string): Promise<About> {
  const aboutRes = await attempt(endpoint, 'GET about', () => client.request({ method: 'GET', path: 'about', version: '1.0.3' }));
  if (aboutRes.status === 404) {
    throw new PreflightError(`GET ${endpoint}/about answered 404: is ${endpoint} the xAPI base URL (it often ends in /xapi)?`);
  }
  if (aboutRes.status === 401 || aboutRes.status === 403) {
    throw new PreflightError(`GET ${endpoint}/about answered ${aboutRes.status}: the credentials were rejected`);
  }
  if (aboutRes.status !== 200) throw new PreflightError(`GET ${endpoint}/about answered ${aboutRes.status}, expected 200`);
  let about: About;
  try {
    about = aboutRes.json<About>();
  } catch {
    throw new PreflightError(`GET ${endpoint}/about did not answer JSON: is ${endpoint} the xAPI base URL?`);
  }
  if (!about || !Array.isArray(about.version) || !about.version.every((v) => typeof v === 'string')) {
    throw new PreflightError(`GET ${endpoint}/about did not return an About object with a "version" array`);
  }
  return about;
}

function chooseVersions(about: About | undefined, requested: XapiVersion | 'both' | undefined): XapiVersion[] {
  if (!about) return requested === 'both' ? [...XAPI_VERSIONS] : [requested!];
  const supported = XAPI_VERSIONS.filter((v) => about.version.includes(v));
  let versions: XapiVersion[];
  if (requested) {
    versions = requested === 'both' ? [...XAPI_VERSIONS] : [requested];
    const missing = versions.filter((v) => !about.version.includes(v));
    if (missing.length) {
      throw new PreflightError(
        `--xapi-version ${requested}: the target's /about lists ${JSON.stringify(about.version)}, not ${missing.join(', ')}`,
      );
    }
  } else {
    const highest = supported[supported.length - 1];
    if (!highest) {
      throw new PreflightError(
        `the target's /about lists versions ${JSON.stringify(about.version)}, none of which this harness tests (${XAPI_VERSIONS.join(', ')}); choose one with --xapi-version`,
      );
    }
    versions = [highest];
  }
  return versions;
}

async function checkCredentials(client: XapiClient, endpoint: string, version: XapiVersion, hasCredentials: boolean): Promise<void> {
  const query = { registration: randomUUID(), limit: 1 };
  const auth = await attempt(endpoint, 'GET statements?registration=…&limit=1', () =>
    client.request({ method: 'GET', path: 'statements', query, version }),
  );
  if (auth.status === 401) {
    throw new PreflightError(
      hasCredentials
        ? `the target rejected the credentials (GET statements answered 401); check --user/--password, --bearer or --token`
        : `the target requires credentials (GET statements answered 401): give --user/--password, --bearer or --token`,
    );
  }
  if (auth.status === 403) {
    throw new PreflightError('the credentials may not read statements (GET statements answered 403); the primary credentials need full access');
  }
  if (auth.status === 404 && !(await answersUnfiltered(client, endpoint, version))) {
    throw new PreflightError(`GET ${endpoint}/statements answered 404: is ${endpoint} the xAPI base URL (it often ends in /xapi)?`);
  }
  if (auth.status !== 404 && (auth.status < 200 || auth.status >= 300)) {
    throw new PreflightError(`GET ${endpoint}/statements?registration=…&limit=1 answered ${auth.status}, expected 200 (body: ${auth.text().slice(0, 200)})`);
  }
}

/**
 * A 404 to a query that matches nothing may be the LRS's (wrong) way of saying "no statements", which
 * statements.get-query.empty-result reports; the base URL is wrong only when the Statement resource itself
 * is 404. HEAD asks without a body, so a huge newest statement cannot matter; any other answer (405 too) will do.
 */
async function answersUnfiltered(client: XapiClient, endpoint: string, version: XapiVersion): Promise<boolean> {
  const res = await attempt(endpoint, 'HEAD statements?limit=1', () => client.request({ method: 'HEAD', path: 'statements', query: { limit: 1 }, version }));
  return res.status !== 404;
}
