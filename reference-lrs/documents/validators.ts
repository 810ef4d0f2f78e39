// Value checks for document-resource parameters. Interim: replaced by VALIDATION's validation/index.ts
// (isIri, isUuid, isTimestamp, normalizeTimestamp, validateAgent) once it lands.
export type XapiVersion = '1.0.3' | '2.0.0';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// eslint-disable-next-line no-control-regex
const IRI_FORBIDDEN = /[\u0000-\u0020\u007f-\u009f<>"{}|\\^`]/u;

export function isIri(value: unknown): value is string {
  return typeof value === 'string' && SCHEME.test(value) && !IRI_FORBIDDEN.test(value);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value);
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$/;

/** Epoch milliseconds of an ISO 8601 timestamp (sub-millisecond digits truncated), or undefined. */
export function timestampMillis(text: string, version: XapiVersion): number | undefined {
  if (!TIMESTAMP.test(text)) return undefined;
  if (version === '2.0.0' && /-00(:?00)?$/.test(text)) return undefined;
  const zoned = /([Zz]|[+-]\d{2}(:?\d{2})?)$/.test(text) ? text : `${text}Z`;
  const withColon = zoned.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00');
  const truncated = withColon.replace(/(\.\d{3})\d+/, '$1');
  const millis = Date.parse(truncated);
  return Number.isNaN(millis) ? undefined : millis;
}

const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

/** Problems with an Agent object (not a Group): exactly one IFI, each of the right form. */
export function agentProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['is not a JSON object'];
  const agent = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(agent)) {
    if (!['objectType', 'name', ...IFIS].includes(key)) problems.push(`has a property "${key}" an Agent does not have`);
  }
  if (agent.objectType !== undefined && agent.objectType !== 'Agent') problems.push('has an objectType other than "Agent"');
  if (agent.name !== undefined && typeof agent.name !== 'string') problems.push('has a "name" that is not a string');
  const ifis = IFIS.filter((ifi) => agent[ifi] !== undefined);
  if (ifis.length !== 1) problems.push(`must have exactly one inverse functional identifier, found ${ifis.length}`);
  if (agent.mbox !== undefined && !(typeof agent.mbox === 'string' && /^mailto:[^@\s]+@[^@\s]+$/i.test(agent.mbox))) {
    problems.push('has an "mbox" that is not a mailto IRI');
  }
  if (agent.mbox_sha1sum !== undefined && !(typeof agent.mbox_sha1sum === 'string' && /^[0-9a-fA-F]{40}$/.test(agent.mbox_sha1sum))) {
    problems.push('has an "mbox_sha1sum" that is not a hex SHA-1');
  }
  if (agent.openid !== undefined && !isIri(agent.openid)) problems.push('has an "openid" that is not a URI');
  if (agent.account !== undefined) {
    const account = agent.account as Record<string, unknown>;
    if (typeof account !== 'object' || account === null || Array.isArray(account)) problems.push('has an "account" that is not an object');
    else {
      if (!isIri(account.homePage)) problems.push('has an account without a valid "homePage" IRL');
      if (typeof account.name !== 'string') problems.push('has an account without a "name" string');
      for (const key of Object.keys(account)) {
        if (key !== 'homePage' && key !== 'name') problems.push(`has an account property "${key}" the spec does not define`);
      }
    }
  }
  return problems;
}
