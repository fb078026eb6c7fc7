// The configuration schema is described once, as data built with the functions below. Defaults,
// validation, environment-variable typing, path resolution and the TypeScript types are all
// derived from it, so a key is never declared in more than one place.

/** A text value. */
export interface StringNode<T extends string = string> {
  readonly kind: 'string';
  readonly default: T;
  /** The only accepted values, when the key is an enumeration. */
  readonly values?: readonly T[];
  /** A file or directory; relative values are resolved against the config dir at load time. */
  readonly path?: boolean;
  /** Never shown in errors or logs. */
  readonly secret?: boolean;
  /** In list items: an item must set it (the default is only a placeholder). */
  readonly required?: boolean;
}

/** A whole number, with an optional range, list of values, or set of combinable bit flags. */
export interface IntegerNode {
  readonly kind: 'integer';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly number[];
  /** Bit flags that may be added together; 0 is always accepted. */
  readonly flags?: readonly number[];
}

/** A number that may have decimals. */
export interface NumberNode {
  readonly kind: 'number';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
}

/** A true/false value. */
export interface BooleanNode {
  readonly kind: 'boolean';
  readonly default: boolean;
}

/** A list of texts (comma-separated in environment variables). */
export interface StringListNode<T extends string = string> {
  readonly kind: 'stringList';
  readonly default: readonly T[];
  readonly values?: readonly T[];
  /** Each item is a file or directory resolved against the config dir at load time. */
  readonly path?: boolean;
}

/** A list of whole numbers (comma-separated in environment variables). */
export interface IntegerListNode {
  readonly kind: 'integerList';
  readonly default: readonly number[];
  readonly values?: readonly number[];
}

/** The keys of an object node. */
export type Fields = { readonly [key: string]: SchemaNode };

/** A group of keys (a section or a nested struct). */
export interface ObjectNode<F extends Fields = Fields> {
  readonly kind: 'object';
  readonly fields: F;
}

/** A list of structs, such as `sftpd.bindings`. New items start from the item's defaults. */
export interface ObjectListNode<F extends Fields = Fields> {
  readonly kind: 'objectList';
  readonly item: ObjectNode<F>;
  /** The default items, each given as changes to the item defaults. */
  readonly default: readonly DeepPartial<InferFields<F>>[];
}

/** Any node of the configuration schema. */
export type SchemaNode =
  | StringNode
  | IntegerNode
  | NumberNode
  | BooleanNode
  | StringListNode
  | IntegerListNode
  | ObjectNode
  | ObjectListNode;

/** The TypeScript type of the value a schema node describes. */
export type Infer<N> =
  N extends StringNode<infer T>
    ? T
    : N extends IntegerNode | NumberNode
      ? number
      : N extends BooleanNode
        ? boolean
        : N extends StringListNode<infer T>
          ? T[]
          : N extends IntegerListNode
            ? number[]
            : N extends ObjectNode<infer F>
              ? InferFields<F>
              : N extends ObjectListNode<infer F>
                ? InferFields<F>[]
                : never;

/** The object type of a group of fields; each property keeps the TSDoc written on its field. */
export type InferFields<F extends Fields> = { [K in keyof F]: Infer<F[K]> };

/** Everything optional, at every depth (lists are replaced whole). */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

interface StringOptions {
  readonly path?: boolean;
  readonly secret?: boolean;
}

/** A free text key. */
export function str(def = '', options: StringOptions = {}): StringNode {
  return { kind: 'string', default: def, ...options };
}

/** A file or directory key: relative values are joined to the config dir at load time. */
export function pathStr(def = ''): StringNode {
  return { kind: 'string', default: def, path: true };
}

/** A secret text key (password, token): its value never appears in errors. */
export function secret(def = ''): StringNode {
  return { kind: 'string', default: def, secret: true };
}

/** A text key restricted to `values`. */
export function oneOf<const T extends string>(
  values: readonly T[],
  def: NoInfer<T>,
  options: { readonly required?: boolean } = {},
): StringNode<T> {
  return { kind: 'string', default: def, values, ...options };
}

/** A text key restricted to `values` that every list item must set (no meaningful default). */
export function requiredOneOf<const T extends string>(values: readonly T[]): StringNode<T> {
  // The empty default is only a placeholder: an item that leaves it unset is rejected.
  return { kind: 'string', default: '' as T, values, required: true };
}

/** A whole number, optionally bounded. */
export function int(def: number, range: { readonly min?: number; readonly max?: number } = {}): IntegerNode {
  return { kind: 'integer', default: def, ...range };
}

/** A TCP port; 0 means "disabled" or "not set" wherever SFTPGo gives it that meaning. */
export function port(def: number): IntegerNode {
  return { kind: 'integer', default: def, min: 0, max: 65535 };
}

/** A whole number restricted to `values`. */
export function choice(values: readonly number[], def: number): IntegerNode {
  return { kind: 'integer', default: def, values };
}

/** Bit flags that may be combined by adding them. */
export function flags(bits: readonly number[], def = 0): IntegerNode {
  return { kind: 'integer', default: def, flags: bits };
}

/** A number that may have decimals, optionally bounded. */
export function num(def: number, range: { readonly min?: number; readonly max?: number } = {}): NumberNode {
  return { kind: 'number', default: def, ...range };
}

/** A true/false key. */
export function bool(def: boolean): BooleanNode {
  return { kind: 'boolean', default: def };
}

/** A list of free texts. */
export function strList(def: readonly string[] = []): StringListNode {
  return { kind: 'stringList', default: def };
}

/** A list of files or directories, each resolved against the config dir at load time. */
export function pathList(): StringListNode {
  return { kind: 'stringList', default: [], path: true };
}

/** A list whose items are restricted to `values`. */
export function listOf<const T extends string>(
  values: readonly T[],
  def: readonly NoInfer<T>[] = [],
): StringListNode<T> {
  return { kind: 'stringList', default: def, values };
}

/** A list of whole numbers restricted to `values`. */
export function intListOf(values: readonly number[], def: readonly number[] = []): IntegerListNode {
  return { kind: 'integerList', default: def, values };
}

/** A group of keys. */
export function obj<F extends Fields>(fields: F): ObjectNode<F> {
  return { kind: 'object', fields };
}

/** A list of structs whose new items start from `item`'s defaults. */
export function objList<F extends Fields>(
  item: ObjectNode<F>,
  def: readonly DeepPartial<InferFields<F>>[] = [],
): ObjectListNode<F> {
  return { kind: 'objectList', item, default: def };
}
