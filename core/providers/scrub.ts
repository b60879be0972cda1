/** Query parameters that carry credentials at one provider or another. */
const credentialParams = /([?&](?:api_?key|apikey|token|access_token|key|secret)=)[^&#\s"']*/gi;

/**
 * Removes credentials from text bound for a log, an error or a metric label: every value in
 * `secrets` (API keys, passwords) and the value of any credential-like query parameter.
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let scrubbed = text.replace(credentialParams, '$1***');
  // Longest first: a key id inside a secret key must not leave part of the secret readable.
  const longestFirst = [...secrets].sort((a, b) => b.length - a.length);
  for (const secret of longestFirst) {
    // Very short values would blank out ordinary words; real keys are long.
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('***');
  }
  return scrubbed;
}
