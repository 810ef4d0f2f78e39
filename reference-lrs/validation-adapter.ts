// The one place the reference LRS reaches the data model (VALIDATION's validation/index.ts).
export {
  validateStatement,
  validateAgent,
  validateGroup,
  parseJsonStrict,
  JsonSyntaxError,
  isUuid,
  isIri,
  isTimestamp,
  normalizeTimestamp,
  statementsEquivalent,
  type ValidationIssue,
  type XapiVersion,
} from '../validation/index.js';
