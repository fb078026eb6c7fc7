/**
 * Request validation. Query strings and path parameters are text, so their values are converted
 * to the schema's types; JSON bodies are not: `"status": "1"` is a 400 naming `status`, as a typed
 * decoder (SFTPGo's) answers, instead of being silently turned into a number.
 */
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';

export function useApiValidators(app: FastifyInstance): void {
  // `strict: false`: the schemas carry OpenAPI keywords (`example`, `nullable`) next to JSON Schema's.
  const converting = new Ajv({ coerceTypes: 'array', useDefaults: true, strict: false });
  const exact = new Ajv({ coerceTypes: false, useDefaults: false, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? exact : converting).compile(schema),
  );
}
