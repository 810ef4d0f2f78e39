// Statement validation: ajv checks the structure (schema.ts), then RuleChecker the rules between
// properties (rules.ts). ajv errors are turned into ValidationIssues naming the XAPI-nnnnn
// requirement recorded on the failing subschema.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { XapiVersion } from '../harness/check.js';
import {
  isIri, isIrl, isIso8601Duration, isLanguageTag, isMailtoIri, isMediaType, isSha1, isSha2,
  isStatementVersion, isTimestamp, isUri, isUuid,
} from './predicates.js';
import { RuleChecker } from './rules.js';
import { MISSING_PROPERTY_REQUIREMENT, NO_ID, rootSchema } from './schema.js';
import type { ValidationIssue } from './types.js';

type Entry = 'statement' | 'agent' | 'group' | 'actor';

const FORMAT_NAMES: Record<string, string> = {
  iri: 'an absolute IRI with a scheme',
  irl: 'an absolute IRL with a scheme',
  uri: 'an absolute URI',
  uuid: 'a UUID in standard string form',
  'mailto-iri': 'a "mailto:" IRI with an email address',
  sha1: 'a hex-encoded SHA-1 hash (40 hex digits)',
  sha2: 'a hex-encoded SHA-2 hash',
  'media-type': 'an Internet Media Type',
  'language-tag': 'an RFC 5646 language tag',
  duration: 'an ISO 8601 duration (format of ISO 8601:2004 4.4.3.2)',
  'timestamp-1.0.3': 'an ISO 8601 timestamp (a zero offset is Z or +00:00, never -00:00)',
  'timestamp-2.0.0': 'an ISO 8601 / RFC 3339 timestamp (a zero offset is Z or +00:00, never -00:00)',
  'statement-version-1.0.3': 'a version starting with "1.0"',
  'statement-version-2.0.0': 'a version "2.0.x" (or "1.0.x")',
};

function createAjv(): Ajv {
  // verbose: errors carry their parentSchema (its xapiRequirement) and the data. inlineRefs off and
  // no code optimisation roughly halve the compile time (about 0.1 s per version, on first use)
  // without slowing validation.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    inlineRefs: false,
    code: { optimize: false },
  });
  for (const keyword of ['xapiRequirement', 'xapiAdditional', 'xapiEmpty', 'xapiType']) ajv.addKeyword({ keyword, schemaType: 'string' });
  ajv.addFormat('iri', isIri);
  ajv.addFormat('irl', isIrl);
  ajv.addFormat('uri', isUri);
  ajv.addFormat('uuid', isUuid);
  ajv.addFormat('mailto-iri', isMailtoIri);
  ajv.addFormat('sha1', isSha1);
  ajv.addFormat('sha2', isSha2);
  ajv.addFormat('media-type', isMediaType);
  ajv.addFormat('language-tag', isLanguageTag);
  ajv.addFormat('duration', isIso8601Duration);
  for (const v of ['1.0.3', '2.0.0'] as const) {
    ajv.addFormat(`timestamp-${v}`, (t: string) => isTimestamp(t, v));
    ajv.addFormat(`statement-version-${v}`, (t: string) => isStatementVersion(t, v));
  }
  return ajv;
}

const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();

function validatorFor(version: XapiVersion, entry: Entry): ValidateFunction {
  const key = `${version}/${entry}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(rootSchema(version, entry));
    compiled.set(key, fn);
  }
  return fn;
}

type Annotated = {
  xapiRequirement?: string;
  xapiAdditional?: string;
  xapiEmpty?: string;
  xapiType?: string;
  properties?: Record<string, Annotated>;
};

// Places whose shape errors come from a shared definition (Activity, Group, Agent,
// StatementRef) but break the rule of the place that holds it.
const PLACE_REQUIREMENTS: [RegExp, string][] = [
  [/\/context\/contextActivities\/[^/]+(?:\/\d+)?$/, 'XAPI-00094'],
  [/\/context\/team(?:\/objectType)?$/, 'XAPI-00088'],
  [/\/context\/statement(?:\/objectType)?$/, 'XAPI-00092'],
  [/^\/authority$/, 'XAPI-00024'],
  [/\/actor(?:\/objectType)?$/, 'XAPI-00031'],
  [/\/member\/\d+(?:\/objectType)?$/, 'XAPI-00036'],
  [/\/contextGroups\/\d+\/group(?:\/objectType)?$/, NO_ID],
];

function placeRequirement(path: string): string | undefined {
  for (const [pattern, requirement] of PLACE_REQUIREMENTS) if (pattern.test(path)) return requirement;
  return undefined;
}

function toIssue(error: ErrorObject): ValidationIssue | undefined {
  const parent = (error.parentSchema ?? {}) as Annotated;
  const own = parent.xapiRequirement;
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  switch (error.keyword) {
    case 'if':
    case 'propertyNames':
      return undefined; // summaries of the errors reported under them
    case 'required': {
      const missing = String(params.missingProperty);
      const requirement =
        MISSING_PROPERTY_REQUIREMENT[missing] ?? placeRequirement(at) ?? parent.properties?.[missing]?.xapiRequirement ?? own ?? 'XAPI-00006';
      return { path: `${at}/${missing}`, message: `required property "${missing}" is missing`, requirement };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const caseOnly = known.find((k) => k.toLowerCase() === extra.toLowerCase());
      if (extra === 'member') {
        return { path: `${at}/member`, message: '"member" is only allowed in a Group', requirement: 'XAPI-00035' };
      }
      return caseOnly
        ? { path: `${at}/${escapePointer(extra)}`, message: `property "${extra}" must be spelled "${caseOnly}"`, requirement: 'XAPI-00008' }
        : { path: `${at}/${escapePointer(extra)}`, message: `property "${extra}" is not defined by the specification here`, requirement: parent.xapiAdditional ?? 'XAPI-00010' };
    }
    case 'not': {
      const key = at.slice(at.lastIndexOf('/') + 1);
      return { path: at, message: `property "${key}" is not allowed here`, requirement: own ?? 'XAPI-00010' };
    }
    case 'minProperties':
      return { path: at, message: 'must not be an empty object', requirement: parent.xapiEmpty ?? 'XAPI-00001' };
    case 'type':
      if (error.data === null) return { path: at, message: 'must not be null', requirement: 'XAPI-00001' };
      return { path: at, message: `must be of type ${String(params.type)}`, requirement: placeRequirement(at) ?? parent.xapiType ?? own ?? 'XAPI-00006' };
    case 'format': {
      const what = FORMAT_NAMES[String(params.format)] ?? String(params.format);
      if (propertyName !== undefined) {
        return { path: `${at}/${escapePointer(propertyName)}`, message: `key "${propertyName}" must be ${what}`, requirement: own ?? 'XAPI-00007' };
      }
      const noScheme = ['iri', 'irl', 'uri'].includes(String(params.format)) && typeof error.data === 'string' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(error.data);
      // "containing IRL or IRI values without a scheme" is XAPI-00011; the issue names the property's rule.
      return { path: at, message: `must be ${what}${noScheme ? ' (it has no scheme, XAPI-00011)' : ''}`, requirement: own ?? 'XAPI-00007' };
    }
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'const' ? [params.allowedValue] : (params.allowedValues as unknown[])).map(String);
      const caseOnly = typeof error.data === 'string' && allowed.some((a) => a.toLowerCase() === (error.data as string).toLowerCase());
      return {
        path: at,
        message: `must be ${allowed.map((a) => `"${a}"`).join(' or ')}${caseOnly ? ' (values are case sensitive)' : ''}`,
        requirement: caseOnly
          ? 'XAPI-00009'
          : error.data === 'SubStatement'
            ? 'XAPI-00071' // the only place SubStatement is not allowed as objectType
            : (placeRequirement(at) ?? own ?? 'XAPI-00010'),
      };
    }
    default:
      return { path: at, message: error.message ?? error.keyword, requirement: own ?? 'XAPI-00006' };
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function run(value: unknown, version: XapiVersion, entry: Entry, rules: (checker: RuleChecker) => void): ValidationIssue[] {
  const validate = validatorFor(version, entry);
  const issues: ValidationIssue[] = [];
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const issue = toIssue(error);
      if (issue?.requirement === NO_ID) delete issue.requirement;
      if (issue) issues.push(issue);
    }
  }
  const checker = new RuleChecker();
  rules(checker);
  issues.push(...checker.issues);
  return dedupe(issues);
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  if (issues.length < 2) return issues;
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.requirement ?? ''}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every rule of the xAPI Data part for a Statement as sent to an LRS (empty array = valid). */
export function validateStatement(statement: unknown, version: XapiVersion): ValidationIssue[] {
  return run(statement, version, 'statement', (c) => c.statement(statement, '', false));
}

/** An Agent (objectType absent or "Agent"), e.g. the `agent` parameter of a request. */
export function validateAgent(value: unknown, version: XapiVersion): ValidationIssue[] {
  return run(value, version, 'agent', (c) => c.agent(value, ''));
}

/** A Group (objectType "Group"), identified or anonymous; with `identified`, an anonymous Group
 *  is an issue (the statements query `agent` parameter takes "Agent or Identified Group"). */
export function validateGroup(value: unknown, version: XapiVersion, options: { identified?: boolean } = {}): ValidationIssue[] {
  return run(value, version, 'group', (c) => c.group(value, '', options.identified ?? false));
}

/** An Agent or a Group, chosen by objectType as for a Statement's actor. */
export function validateActor(value: unknown, version: XapiVersion): ValidationIssue[] {
  return run(value, version, 'actor', (c) => c.actor(value, ''));
}
