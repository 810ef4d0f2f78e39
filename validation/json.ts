// Strict JSON parsing: "All Statement properties must be used at most one time. An LRS rejects
// with 400 Bad Request a statement that contains a JSON object with a duplicate key" (XAPI-00021).
// JSON.parse silently keeps the last duplicate, so the native parser gives the value (fast, exact
// RFC 8259 syntax) and jsonc-parser's visitor, which reports every object key with escapes
// decoded, finds duplicates.
import { visit } from 'jsonc-parser';

export class JsonSyntaxError extends SyntaxError {
  /** XAPI-00021 for a duplicate key; undefined for plain bad JSON. */
  readonly requirement: string | undefined;
  constructor(message: string, requirement?: string) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.requirement = requirement;
  }
}

/** Parses RFC 8259 JSON; throws JsonSyntaxError on bad syntax or on a duplicate key in any object. */
export function parseJsonStrict(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonSyntaxError(`invalid JSON: ${(error as Error).message}`);
  }
  // A text without a quote has no object keys at all: skip the second pass.
  if (text.indexOf('"') !== -1 && text.indexOf('{') !== -1) {
    let duplicate: { key: string; path: string } | undefined;
    try {
      duplicate = findDuplicateKey(text);
    } catch (error) {
      // jsonc-parser descends recursively: thousands of nested levels exhaust the stack. Refuse
      // (400) rather than fail the request (500).
      if (error instanceof RangeError) throw new JsonSyntaxError('JSON nested too deeply to check for duplicate keys');
      throw error;
    }
    if (duplicate) {
      throw new JsonSyntaxError(`duplicate key "${duplicate.key}" in the object at ${duplicate.path}`, 'XAPI-00021');
    }
  }
  return value;
}

function findDuplicateKey(text: string): { key: string; path: string } | undefined {
  const keysStack: Set<string>[] = [];
  let found: { key: string; path: string } | undefined;
  visit(text, {
    onObjectBegin: () => {
      keysStack.push(new Set());
    },
    onObjectEnd: () => {
      keysStack.pop();
    },
    onObjectProperty: (property, _offset, _length, _line, _col, pathSupplier) => {
      const keys = keysStack[keysStack.length - 1]!;
      if (keys.has(property)) {
        if (!found) found = { key: property, path: toPointer(pathSupplier()) };
      } else keys.add(property);
    },
  });
  return found;
}

function toPointer(path: (string | number)[]): string {
  return path.length === 0 ? '/' : path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
