/**
 * Per-directory file name filters (`filters.file_patterns`), and the conversion of the older
 * `filters.file_extensions` form (SFTPGo 1.x and 2.0) into them.
 */
import { checkOneOf, unique } from './checks.js';
import { escapePattern, isValidPattern } from './glob.js';
import { cleanSlashPath } from './paths.js';
import type { ObjectReader } from './reader.js';
import type { RecordSpec } from './record.js';
import { recordReader } from './record.js';
import { ValidationError, childField, itemField } from './validation-error.js';

/** What happens to names a filter denies. */
export const DENY_POLICIES = {
  /** Denied names are listed but cannot be downloaded, uploaded, overwritten or renamed. */
  default: 0,
  /** As the default policy, and denied names are also hidden from listings. */
  hide: 1,
} as const;
/** A deny policy: 0 default, 1 hide. */
export type DenyPolicy = (typeof DENY_POLICIES)[keyof typeof DENY_POLICIES];

/**
 * Shell-like, case-insensitive name patterns for a virtual directory and its subdirectories (unless a
 * deeper filter exists). Denied patterns are checked first.
 */
export interface PatternsFilter {
  path: string;
  allowed_patterns: string[];
  denied_patterns: string[];
  deny_policy: DenyPolicy;
}

/** JSON layout of {@link PatternsFilter}. */
export const PATTERNS_FILTER_SPEC: RecordSpec<PatternsFilter> = {
  path: 'string!',
  allowed_patterns: 'strings',
  denied_patterns: 'strings',
  deny_policy: 'int',
};

/** The 1.x/2.0 form: suffixes such as `.jpg` matched case-insensitively at the end of file names. */
export interface ExtensionsFilter {
  path: string;
  allowed_extensions: string[];
  denied_extensions: string[];
}

const EXTENSIONS_FILTER_SPEC: RecordSpec<ExtensionsFilter> = {
  path: 'string',
  allowed_extensions: 'strings',
  denied_extensions: 'strings',
};

function cleanFilterPath(value: string, field: string): string {
  const cleaned = cleanSlashPath(value);
  if (!cleaned.startsWith('/')) {
    throw new ValidationError(field, `${JSON.stringify(value)} is not an absolute virtual path`);
  }
  return cleaned;
}

function checkPatterns(patterns: readonly string[], field: string): string[] {
  patterns.forEach((pattern, index) => {
    if (!isValidPattern(pattern)) {
      throw new ValidationError(itemField(field, index), `invalid file pattern ${JSON.stringify(pattern)}`);
    }
  });
  return unique(patterns.map((p) => p.toLowerCase()));
}

function validatePatternsFilter(filter: PatternsFilter, field: string, seen: Set<string>): PatternsFilter {
  const path = cleanFilterPath(filter.path, childField(field, 'path'));
  if (seen.has(path)) throw new ValidationError(childField(field, 'path'), `duplicate filter for ${path}`);
  seen.add(path);
  if (filter.allowed_patterns.length === 0 && filter.denied_patterns.length === 0) {
    throw new ValidationError(field, `empty file patterns filter for ${path}`);
  }
  return {
    path,
    allowed_patterns: checkPatterns(filter.allowed_patterns, childField(field, 'allowed_patterns')),
    denied_patterns: checkPatterns(filter.denied_patterns, childField(field, 'denied_patterns')),
    deny_policy: checkOneOf(filter.deny_policy, [0, 1], childField(field, 'deny_policy')),
  };
}

function extensionsToPatterns(extensions: readonly string[]): string[] {
  return extensions.map((ext) => `*${escapePattern(ext.toLowerCase())}`);
}

function mergeExtensions(filters: PatternsFilter[], legacy: ExtensionsFilter, field: string): void {
  const path = cleanFilterPath(legacy.path, childField(field, 'path'));
  if (legacy.allowed_extensions.length === 0 && legacy.denied_extensions.length === 0) {
    throw new ValidationError(field, `empty file extensions filter for ${path}`);
  }
  const allowed = extensionsToPatterns(legacy.allowed_extensions);
  const denied = extensionsToPatterns(legacy.denied_extensions);
  const existing = filters.find((f) => f.path === path);
  if (existing === undefined) {
    filters.push({
      path,
      allowed_patterns: unique(allowed),
      denied_patterns: unique(denied),
      deny_policy: 0,
    });
    return;
  }
  existing.allowed_patterns = unique([...existing.allowed_patterns, ...allowed]);
  existing.denied_patterns = unique([...existing.denied_patterns, ...denied]);
}

/**
 * Reads and validates `file_patterns` of a filters object, then merges in the legacy `file_extensions`
 * (`.jpg` becomes `*.jpg`, joined to the filter of the same directory if there is one). Paths are
 * cleaned, patterns lowercased and deduplicated.
 * @throws {ValidationError} naming the offending path, pattern or deny policy.
 */
export function readFilePatterns(filters: ObjectReader): PatternsFilter[] {
  const seen = new Set<string>();
  const result = filters
    .list('file_patterns', recordReader(PATTERNS_FILTER_SPEC))
    .map((filter, index) =>
      validatePatternsFilter(filter, itemField(filters.field('file_patterns'), index), seen),
    );
  filters.list('file_extensions', recordReader(EXTENSIONS_FILTER_SPEC)).forEach((legacy, index) => {
    mergeExtensions(result, legacy, itemField(filters.field('file_extensions'), index));
  });
  return result;
}
