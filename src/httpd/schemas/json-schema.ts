/**
 * The JSON Schema subset shared by fastify's validation and OpenAPI 3.0 (no type arrays, `nullable`
 * instead), so one definition serves both.
 */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly enum?: readonly (string | number)[];
  readonly anyOf?: readonly JsonSchema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly default?: unknown;
  readonly format?: string;
  readonly nullable?: boolean;
  readonly example?: unknown;
}

export const str = (description?: string): JsonSchema => ({
  type: 'string',
  ...(description ? { description } : {}),
});
export const int = (description?: string): JsonSchema => ({
  type: 'integer',
  ...(description ? { description } : {}),
});
export const bool = (description?: string): JsonSchema => ({
  type: 'boolean',
  ...(description ? { description } : {}),
});
export const arrayOf = (items: JsonSchema, description?: string): JsonSchema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
/** An object with the listed properties; others are allowed (the models decide what they accept). */
export const objectOf = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  properties,
  ...(description ? { description } : {}),
});
/** Milliseconds since the epoch. */
export const millis = (description: string): JsonSchema =>
  int(`${description}, as unix timestamp in milliseconds`);
