// Query parameters of the document resources (Communication 2.3, 2.6, 2.7): which each method
// requires or allows, and their forms. Anything else is a 400 (Communication 3.2: "The LRS MUST reject
// with 400 Bad Request status any requests that use any parameters which the LRS does not recognize").
import { LrsError } from '../http/errors.js';
import { groupOf, type DocumentAddress, type DocumentKind } from './store.js';
import { isIri, isUuid, parseAgentParam, timestampMillis, type XapiVersion } from './validators.js';

export interface DocumentRequest {
  kind: DocumentKind;
  /** Set when the request names one document (stateId / profileId given). */
  address?: DocumentAddress;
  /** The documents a multiple-document GET / DELETE covers. */
  group: string;
  registration?: string;
  since?: number;
}

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

interface ParamRules {
  required: string[];
  optional: string[];
}

const ID_PARAM: Record<DocumentKind, 'stateId' | 'profileId'> = {
  state: 'stateId',
  'activity-profile': 'profileId',
  'agent-profile': 'profileId',
};

// Communication 2.3.s3-s5 (State), 2.7.s3-s4 (Activity Profile), 2.6.s3-s4 (Agent Profile). `since` on a
// State DELETE follows XAPI-00223 ("can process a DELETE request with "since" as a parameter").
const RULES: Record<DocumentKind, Record<Method, ParamRules>> = {
  state: {
    GET: { required: ['activityId', 'agent'], optional: ['registration', 'stateId', 'since'] },
    PUT: { required: ['activityId', 'agent', 'stateId'], optional: ['registration'] },
    POST: { required: ['activityId', 'agent', 'stateId'], optional: ['registration'] },
    DELETE: { required: ['activityId', 'agent'], optional: ['registration', 'stateId', 'since'] },
  },
  'activity-profile': {
    GET: { required: ['activityId'], optional: ['profileId', 'since'] },
    PUT: { required: ['activityId', 'profileId'], optional: [] },
    POST: { required: ['activityId', 'profileId'], optional: [] },
    DELETE: { required: ['activityId', 'profileId'], optional: [] },
  },
  'agent-profile': {
    GET: { required: ['agent'], optional: ['profileId', 'since'] },
    PUT: { required: ['agent', 'profileId'], optional: [] },
    POST: { required: ['agent', 'profileId'], optional: [] },
    DELETE: { required: ['agent', 'profileId'], optional: [] },
  },
};

export function parseDocumentRequest(
  kind: DocumentKind,
  method: string,
  query: Record<string, unknown>,
  version: XapiVersion,
): DocumentRequest {
  const rules = RULES[kind][(method === 'HEAD' ? 'GET' : method) as Method];
  if (!rules) throw new LrsError(405, `${method} is not a method of this resource.`, { Allow: 'GET, HEAD, PUT, POST, DELETE' });
  const params = singleValues(query, [...rules.required, ...rules.optional]);
  for (const name of rules.required) {
    if (params[name] === undefined) throw new LrsError(400, `The "${name}" parameter is required for ${method} on this resource.`);
  }
  const activityId = params.activityId;
  if (activityId !== undefined && !isIri(activityId)) throw new LrsError(400, `"activityId" must be an IRI; got ${JSON.stringify(activityId)}.`);
  const agent = params.agent === undefined ? undefined : parseAgent(params.agent, version);
  const agentKey = agent === undefined ? undefined : agentKeyOf(agent);
  const registration = params.registration;
  if (registration !== undefined && !isUuid(registration)) {
    throw new LrsError(400, `"registration" must be a UUID; got ${JSON.stringify(registration)}.`);
  }
  let since: number | undefined;
  if (params.since !== undefined) {
    since = timestampMillis(params.since, version);
    if (since === undefined) throw new LrsError(400, `"since" must be an ISO 8601 timestamp; got ${JSON.stringify(params.since)}.`);
  }
  const request: DocumentRequest = { kind, group: groupOf({ kind, activityId, agentKey }) };
  if (registration !== undefined) request.registration = registration.toLowerCase();
  if (since !== undefined) request.since = since;
  const id = params[ID_PARAM[kind]];
  if (id !== undefined) {
    const address: DocumentAddress = { kind, id };
    if (activityId !== undefined) address.activityId = activityId;
    if (agent !== undefined) {
      address.agentKey = agentKey;
      address.agent = agent;
    }
    if (request.registration !== undefined) address.registration = request.registration;
    request.address = address;
  }
  return request;
}

/** Each allowed parameter at most once, as a string; unknown names (including case variants) are refused. */
function singleValues(query: Record<string, unknown>, allowed: string[]): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!allowed.includes(name)) {
      const sameButCase = allowed.find((known) => known.toLowerCase() === name.toLowerCase());
      throw new LrsError(
        400,
        sameButCase
          ? `Parameter "${name}" differs in case from "${sameButCase}"; parameter names are case-sensitive.`
          : `Unknown parameter "${name}" for this request; allowed: ${allowed.join(', ')}.`,
      );
    }
    if (typeof value !== 'string') throw new LrsError(400, `Parameter "${name}" must be given once, as a string.`);
    values[name] = value;
  }
  return values;
}

function parseAgent(text: string, version: XapiVersion): Record<string, unknown> {
  const parsed = parseAgentParam(text, version);
  if ('problems' in parsed) throw new LrsError(400, `"agent" must be an Agent object in JSON: ${parsed.problems.join('; ')}.`);
  return parsed.agent;
}

/** The Agent's inverse functional identifier in a canonical form: documents are matched on it. */
function agentKeyOf(agent: Record<string, unknown>): string {
  const { mbox, mbox_sha1sum, openid, account } = agent as Record<string, any>;
  if (mbox !== undefined) return JSON.stringify(['mbox', mbox]);
  if (mbox_sha1sum !== undefined) return JSON.stringify(['mbox_sha1sum', String(mbox_sha1sum).toLowerCase()]);
  if (openid !== undefined) return JSON.stringify(['openid', openid]);
  return JSON.stringify(['account', account.homePage, account.name]);
}
