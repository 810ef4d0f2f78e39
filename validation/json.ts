// Strict JSON parsing: "All Statement properties must be used at most one time. An LRS rejects
// with 400 Bad Request a statement that contains a JSON object with a duplicate key" (XAPI-00021).
// JSON.parse silently keeps the last duplicate, so the native parser gives the value (fast, exact
// RFC 8259 syntax) and one pass of jsonc-parser's tokenizer, which decodes escapes in object keys,
// finds duplicates. The pass is a loop with an explicit stack (no recursion, so no stack overflow on
// deep nesting) and runs first, so optional limits on nesting depth and item count refuse a hostile
// text before JSON.parse builds it.
import { createScanner } from 'jsonc-parser';

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

// jsonc-parser's SyntaxKind is a const enum, which isolated-module builds cannot inline.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const STRING = 10;
const EOF = 17;

interface Container {
  /** Keys seen so far; undefined for an array. */
  keys: Set<string> | undefined;
  /** Path step of this container within its parent, for the duplicate's pointer. */
  step: string;
  /** Object: the next string is a key. Array: the next token starts an element. */
  expectingItem: boolean;
  /** The key being read (objects) or the index of the current element (arrays). */
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

/** One tokenizer pass: enforces the limits, returns the first duplicate key. Bad syntax is left to JSON.parse. */
function scan(text: string, limits: JsonLimits): { key: string; path: string } | undefined {
  const scanner = createScanner(text, true);
  const stack: Container[] = [];
  let items = 0;
  let found: { key: string; path: string } | undefined;
  const countItem = () => {
    if (++items > limits.maxItems) throw new JsonLimitError('maxItems', `JSON with more than ${limits.maxItems} object properties and array elements`);
  };
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    const top = stack[stack.length - 1];
    if (top && top.keys === undefined && top.expectingItem && token !== CLOSE_BRACKET) {
      top.expectingItem = false;
      countItem();
    }
    switch (token) {
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (stack.length >= limits.maxDepth) throw new JsonLimitError('maxDepth', `JSON nested deeper than ${limits.maxDepth} levels`);
        stack.push({
          keys: token === OPEN_BRACE ? new Set() : undefined,
          step: top ? (top.keys ? top.current : String(top.index)) : '',
          expectingItem: true,
          current: '',
          index: 0,
        });
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        stack.pop();
        break;
      case COMMA:
        if (top) {
          top.expectingItem = true;
          top.index++;
        }
        break;
      case STRING:
        if (top?.keys && top.expectingItem) {
          top.expectingItem = false;
          countItem();
          const key = scanner.getTokenValue();
          top.current = key;
          if (top.keys.has(key)) found ??= { key, path: toPointer(stack.slice(1).map((c) => c.step)) };
          else top.keys.add(key);
        }
        break;
    }
  }
  return found;
}

function toPointer(path: string[]): string {
  return path.length === 0 ? '/' : path.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
