// Strict JSON parsing: "All Statement properties must be used at most one time. An LRS rejects
// with 400 Bad Request a statement that contains a JSON object with a duplicate key" (XAPI-00021).
// JSON.parse silently keeps the last duplicate, so the native parser gives the value (fast, exact
// RFC 8259 syntax) and a structural pass finds duplicates. That pass only tracks brackets, commas and
// object keys (decoded by JSON.parse when they hold escapes), with an explicit stack: no recursion, so no
// stack overflow on deep nesting. (jsonc-parser's visitor recursed, and its tokenizer decodes every
// string: seconds for a 10 MB value full of escapes.) It runs first, so optional limits on nesting depth
// and item count refuse a hostile text before JSON.parse builds it.

export class JsonSyntaxError extends SyntaxError {
  /** XAPI-00021 for a duplicate key; undefined for plain bad JSON. */
  readonly requirement: string | undefined;
  constructor(message: string, requirement?: string) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.requirement = requirement;
  }
}

export interface JsonLimits {
  /** Deepest allowed nesting of objects and arrays (a top-level object is depth 1). */
  maxDepth: number;
  /** Most object properties plus array elements allowed in the whole text. */
  maxItems: number;
}

/** A text over one of the JsonLimits; `limit` says which. */
export class JsonLimitError extends JsonSyntaxError {
  constructor(
    readonly limit: keyof JsonLimits,
    message: string,
  ) {
    super(message);
    this.name = 'JsonLimitError';
  }
}

interface Container {
  /** Keys seen so far; undefined for an array. */
  keys: Set<string> | undefined;
  /** Path step of this container within its parent, for the duplicate's pointer. */
  step: string;
  /** Object: the next string is a key. Array: the next value starts an element. */
  expectingItem: boolean;
  /** The last key read (objects) or the index of the current element (arrays). */
  current: string;
  index: number;
}

/** Parses RFC 8259 JSON; throws JsonSyntaxError on bad syntax or on a duplicate key in any object,
 *  and JsonLimitError (before parsing) on a text over `limits`. */
export function parseJsonStrict(text: string, limits?: JsonLimits): unknown {
  const duplicate = scan(text, limits ?? { maxDepth: Infinity, maxItems: Infinity });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonSyntaxError(`invalid JSON: ${(error as Error).message}`);
  }
  if (duplicate) throw new JsonSyntaxError(`duplicate key "${duplicate.key}" in the object at ${duplicate.path}`, 'XAPI-00021');
  return value;
}

/** Throws JsonLimitError when the text is over `limits`; syntax and duplicate keys are not judged. */
export function checkJsonLimits(text: string, limits: JsonLimits): void {
  scan(text, limits);
}

const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA, COLON, QUOTE, BACKSLASH] = [...'{}[],:"\\'].map((c) => c.charCodeAt(0));
const [SPACE, TAB, LINE_FEED, CARRIAGE_RETURN] = [...' \t\n\r'].map((c) => c.charCodeAt(0));

/** Index just after the string literal opening at `start` (backslash-escaped quotes skipped), or -1. */
function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let before = quote - 1;
    while (text.charCodeAt(before) === BACKSLASH) before--;
    if ((quote - 1 - before) % 2 === 0) return quote + 1;
  }
  return -1;
}

/** A key as JSON.parse will read it (escapes decoded); a bad escape is left for JSON.parse to report. */
function keyOf(literal: string): string {
  if (literal.indexOf('\\') === -1) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal;
  }
}

/** What ends a scalar (number, true, false, null or junk): JSON whitespace or a structural character. */
const ENDS_SCALAR = new Uint8Array(128);
for (const c of ' \t\n\r,:[]{}"') ENDS_SCALAR[c.charCodeAt(0)] = 1;

function scalarEnd(text: string, start: number): number {
  let at = start + 1;
  for (let c = text.charCodeAt(at); at < text.length && !(c < 128 && ENDS_SCALAR[c]); c = text.charCodeAt(++at));
  return at;
}

/**
 * One linear pass over the structure (strings are skipped with indexOf, so long values cost little):
 * enforces the limits, returns the first duplicate key. Bad syntax is left to JSON.parse.
 */
function scan(text: string, limits: JsonLimits): { key: string; path: string } | undefined {
  const stack: Container[] = [];
  let items = 0;
  let found: { key: string; path: string } | undefined;
  const countItem = (container: Container) => {
    container.expectingItem = false;
    if (++items > limits.maxItems) throw new JsonLimitError('maxItems', `JSON with more than ${limits.maxItems} object properties and array elements`);
  };
  /** A value starting: in an array that waits for one, it is an element. */
  const startValue = (top: Container | undefined) => {
    if (top && top.keys === undefined && top.expectingItem) countItem(top);
  };
  for (let at = 0; at < text.length; ) {
    const c = text.charCodeAt(at);
    const top = stack[stack.length - 1];
    switch (c) {
      case OPEN_BRACE:
      case OPEN_BRACKET:
        startValue(top);
        if (stack.length >= limits.maxDepth) throw new JsonLimitError('maxDepth', `JSON nested deeper than ${limits.maxDepth} levels`);
        stack.push({ keys: c === OPEN_BRACE ? new Set() : undefined, step: top ? (top.keys ? top.current : String(top.index)) : '', expectingItem: true, current: '', index: 0 });
        at++;
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        stack.pop();
        at++;
        break;
      case COMMA:
        if (top) {
          top.expectingItem = true;
          top.index++;
        }
        at++;
        break;
      case QUOTE: {
        const end = stringEnd(text, at);
        if (end === -1) return found; // unterminated: JSON.parse reports it
        if (top?.keys && top.expectingItem) {
          countItem(top);
          const key = keyOf(text.slice(at, end));
          top.current = key;
          if (top.keys.has(key)) found ??= { key, path: toPointer(stack.slice(1).map((container) => container.step)) };
          else top.keys.add(key);
        } else startValue(top);
        at = end;
        break;
      }
      case COLON:
      case SPACE:
      case TAB:
      case LINE_FEED:
      case CARRIAGE_RETURN:
        at++;
        break;
      default:
        startValue(top);
        at = scalarEnd(text, at);
    }
  }
  return found;
}

function toPointer(path: string[]): string {
  return path.length === 0 ? '/' : path.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
