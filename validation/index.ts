// The xAPI statement data model (Data part of xAPI 1.0.3, plus the 2.0 changes): used by the
// reference LRS to reject invalid statements with 400, and by the property suites to check that
// generated statements are valid before they are sent.
export type { ValidationIssue } from './types.js';
export type { XapiVersion } from '../harness/check.js';
export { validateStatement, validateAgent, validateGroup, validateActor } from './validator.js';
export { parseJsonStrict, checkJsonLimits, JsonSyntaxError, JsonLimitError, type JsonLimits } from './json.js';
export {
  isIri, isIrl, isUri, isUuid, isMailtoIri, isSha1, isSha2, isMediaType, isLanguageTag, isStatementVersion,
  isIso8601Duration, parseDuration, durationKey, durationsEqual, isTimestamp, normalizeTimestamp,
  type ParsedDuration,
} from './predicates.js';
export { statementsEquivalent, type EquivalenceOptions } from './equivalence.js';
