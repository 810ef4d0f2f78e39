// Result type shared by every validator in this folder.
export interface ValidationIssue {
  /** JSON Pointer to the offending value, e.g. "/actor/mbox" ("" for the whole statement). */
  path: string;
  message: string;
  /** The XAPI-nnnnn requirement violated, where one exists (2.0-only rules have none). */
  requirement?: string;
}
