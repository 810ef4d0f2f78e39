// The one place the reference LRS reaches the data model (VALIDATION's validation/index.ts).
export {
  validateStatement,
  validateAgent,
  validateGroup,
  parseJsonStrict,
  isUuid,
  isIri,
  isTimestamp,
  normalizeTimestamp,
  statementsEquivalent,
  type ValidationIssue,
} from '../validation/index.js';
