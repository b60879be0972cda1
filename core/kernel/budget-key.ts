import { createHash } from 'node:crypto';
import type { JsonSchema } from '../plugins/types.js';

/** What identifies a provider instance's budget: its plugin, its credentials, its label. */
export interface BudgetIdentity {
  /** `rateLimits.shared.keyPrefix`. */
  readonly keyPrefix: string;
  readonly pluginName: string;
  /** The plugin's options schema: options marked `x-secret: true` are the credentials. */
  readonly optionsSchema: JsonSchema;
  /** The instance's options with secrets resolved. */
  readonly options: Record<string, unknown>;
  /** The instance's manifest label, the budget's name when it has no credentials. */
  readonly label: string;
}

/** Hex digits of SHA-256 kept: 64 bits, so unrelated keys never meet in practice. */
const digestLength = 16;

/**
 * The Redis key of a provider instance's shared budget: `<keyPrefix>:<plugin>:<digest>`, the
 * digest being a short SHA-256 of the values of its secret options (its API key). Every replica
 * and every instance calling with the same key therefore shares one budget, and instances with
 * different keys do not. An instance without secret options gets a digest of its label, so
 * replicas of one manifest still share. The key itself never reaches Redis nor a log.
 */
export function budgetKeyOf(identity: BudgetIdentity): string {
  const secrets: [string, unknown][] = [];
  collectSecrets(identity.options, identity.optionsSchema, '', secrets);
  const subject = secrets.length > 0 ? { secrets } : { label: identity.label };
  const digest = createHash('sha256').update(JSON.stringify(subject)).digest('hex');
  return `${identity.keyPrefix}:${identity.pluginName}:${digest.slice(0, digestLength)}`;
}

/** Appends `[pointer, value]` for every option the schema marks secret, in schema order. */
function collectSecrets(
  value: unknown,
  schema: JsonSchema,
  pointer: string,
  into: [string, unknown][],
): void {
  if (typeof value !== 'object' || value === null) return;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const record = value as Record<string, unknown>;
  for (const [key, propertySchema] of Object.entries(properties)) {
    const current = record[key];
    if (current === undefined) continue;
    const at = `${pointer}/${key}`;
    if (propertySchema['x-secret'] === true) into.push([at, current]);
    else collectSecrets(current, propertySchema, at, into);
  }
}
