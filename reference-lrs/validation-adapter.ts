// The one place the reference LRS reaches the data model (VALIDATION's validation/index.ts).
import { checkJsonLimits as checkLimits, parseJsonStrict as parseStrict } from '../validation/index.js';
import { JSON_LIMITS } from './http/limits.js';

export {
  validateStatement,
  validateAgent,
  validateGroup,
  isUuid,
  isIri,
  isTimestamp,
  normalizeTimestamp,
  statementsEquivalent,
  type ValidationIssue,
  type XapiVersion,
} from '../validation/index.js';

/** Strict JSON (duplicate keys refused) within the LRS's JSON_LIMITS. */
export const parseJsonStrict = (text: string): unknown => parseStrict(text, JSON_LIMITS);

/** Throws JsonLimitError when the text is over the LRS's JSON_LIMITS (documents: duplicates allowed). */
export const checkJsonLimits = (text: string): void => checkLimits(text, JSON_LIMITS);
