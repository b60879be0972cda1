/** A 1-based line and column in a file. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Where a value of the merged configuration came from: the file and the positions of its
 * key and value, and the environment variables interpolated into it.
 */
export interface Origin {
  /** Absolute path of the manifest or overlay file. */
  readonly file: string;
  /** Position of the mapping key that holds the value (absent for array items and the root). */
  readonly key?: LineColumn;
  /** Position of the value itself. */
  readonly value: LineColumn;
  /** Environment variables interpolated into this value, in order of appearance. */
  readonly variables?: readonly string[];
}

/** JSON pointer (RFC 6901) to origin. The root is the empty pointer "". */
export type OriginMap = Map<string, Origin>;

/** One YAML file parsed into plain data, with the origin of every node. */
export interface ParsedDocument {
  readonly file: string;
  readonly value: unknown;
  readonly origins: OriginMap;
}

/** The configuration after overlays and interpolation, before schema validation. */
export interface LoadedConfig {
  /** Absolute path of the manifest. */
  readonly manifestFile: string;
  /** Absolute path of the overlay applied, if an environment was chosen. */
  readonly overlayFile: string | undefined;
  /** The environment chosen by --env or STOCKPOLLER_ENV, if any. */
  readonly env: string | undefined;
  /** Plain data: maps, arrays, strings, numbers, booleans. `${secret:...}` left in place. */
  readonly value: unknown;
  readonly origins: OriginMap;
  /** Every `${secret:<path>}` reference, by the pointer of the string that holds it. */
  readonly secretRefs: readonly SecretRef[];
}

/** A `${secret:<path>}` reference found in a string value. */
export interface SecretRef {
  readonly pointer: string;
  readonly path: string;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a parent pointer and a child key or index. */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${escapePointerSegment(String(key))}`;
}

/** Splits a JSON pointer into unescaped segments. */
export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
