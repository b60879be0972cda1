/**
 * JSON text of `value` with the keys of every object sorted, so that two objects with the same
 * content always give the same text whatever order their keys were set in. Follows
 * `JSON.stringify` otherwise: `toJSON()` is honoured, properties that are undefined, functions
 * or symbols are left out (and become null in arrays), non-finite numbers become null, and a
 * bigint throws a TypeError.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === proto) {
    const flat = serializeFlat(value as Record<string, unknown>);
    if (flat !== undefined) return flat;
  }
  return serialize(value) ?? 'null';
}

const proto = Object.prototype;

/** The sorted keys of one object shape, each with its JSON-quoted form. */
interface KeyPlan {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly quoted: readonly string[];
}

// Records come in a few shapes (a quote, a bar, each with or without optional fields): their
// sorted keys are remembered instead of sorted again for every record of every poll.
const plans: KeyPlan[] = [];
const maxPlans = 16;

function planOf(keys: readonly string[]): KeyPlan {
  for (const plan of plans) {
    if (sameKeys(plan.keys, keys)) return plan;
  }
  const sorted = [...keys].sort();
  const plan = { keys, sorted, quoted: sorted.map((key) => JSON.stringify(key)) };
  if (plans.length >= maxPlans) plans.shift();
  plans.push(plan);
  return plan;
}

function sameKeys(known: readonly string[], keys: readonly string[]): boolean {
  if (known.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i += 1) {
    if (known[i] !== keys[i]) return false;
  }
  return true;
}

/**
 * The canonical JSON of a plain object whose values are all strings, numbers, booleans, null
 * or undefined (every contract record); undefined for anything else, which the general
 * serializer below handles. Gives exactly the text the general serializer would.
 */
function serializeFlat(record: Record<string, unknown>): string | undefined {
  const plan = planOf(Object.keys(record));
  let text = '';
  for (let i = 0; i < plan.sorted.length; i += 1) {
    const value = record[plan.sorted[i] as string];
    let member: string;
    switch (typeof value) {
      case 'string':
        member = JSON.stringify(value);
        break;
      case 'number':
        // String() and JSON.stringify() agree on every finite number, -0 included.
        member = Number.isFinite(value) ? String(value) : 'null';
        break;
      case 'boolean':
        member = value ? 'true' : 'false';
        break;
      case 'undefined':
        continue;
      case 'object':
        if (value !== null) return undefined;
        member = 'null';
        break;
      default:
        return undefined;
    }
    text += `${text === '' ? '' : ','}${plan.quoted[i] as string}:${member}`;
  }
  return `{${text}}`;
}

/** Canonical JSON of one value, or undefined where JSON.stringify would leave it out. */
function serialize(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson cannot serialize a bigint');
    case 'object':
      return value === null ? 'null' : serializeObject(value);
    default:
      return undefined;
  }
}

function serializeObject(value: object): string | undefined {
  if ('toJSON' in value && typeof value.toJSON === 'function') {
    return serialize((value.toJSON as () => unknown)());
  }
  if (Array.isArray(value)) {
    const items = (value as unknown[]).map((item) => serialize(item) ?? 'null');
    return `[${items.join(',')}]`;
  }

  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const text = serialize(record[key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}
