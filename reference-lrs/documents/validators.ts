// Value checks for document-resource parameters, from VALIDATION's data model: "The LRS rejects with
// error code 400 Bad Request parameter values which do not validate to the same standards required for
// values of the same types in Statements" (XAPI-00012).
import { isTimestamp, normalizeTimestamp, parseJsonStrict, validateAgent, type XapiVersion } from '../validation-adapter.js';

export { isIri, isUuid, type XapiVersion } from '../validation-adapter.js';

/** Epoch milliseconds of an xAPI Timestamp (sub-millisecond digits truncated), or undefined when invalid. */
export function timestampMillis(text: string, version: XapiVersion): number | undefined {
  if (!isTimestamp(text, version)) return undefined;
  const utc = normalizeTimestamp(text); // YYYY-MM-DDThh:mm:ss.sss[digits]Z
  const millis = Date.parse(`${utc.slice(0, 23)}Z`);
  return Number.isNaN(millis) ? undefined : millis;
}

/** The agent parameter parsed (duplicate keys refused, as in statements), or the problems found. */
export function parseAgentParam(text: string, version: XapiVersion): { agent: Record<string, unknown> } | { problems: string[] } {
  let value: unknown;
  try {
    value = parseJsonStrict(text);
  } catch (error) {
    return { problems: [`is not valid JSON (${(error as Error).message})`] };
  }
  const issues = validateAgent(value, version);
  if (issues.length > 0) return { problems: issues.map((issue) => `${issue.path || 'the object'}: ${issue.message}`) };
  return { agent: value as Record<string, unknown> };
}
