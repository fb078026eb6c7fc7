/** Lists of networks in CIDR notation held by models (IP filters, limit sources, allow lists). */
import { InvalidCIDRError, parseCIDR } from '../../util/cidr.js';
import { unique } from './checks.js';
import { ValidationError, itemField } from './validation-error.js';

/**
 * Checks every entry is a network in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`) and drops
 * duplicates. Entries are kept as written.
 * @throws {ValidationError} naming the first invalid entry (`<field>[i]`).
 */
export function validateCIDRList(entries: readonly string[], field: string): string[] {
  entries.forEach((entry, index) => {
    try {
      parseCIDR(entry);
    } catch (err) {
      if (!(err instanceof InvalidCIDRError)) throw err;
      throw new ValidationError(itemField(field, index), err.message, { cause: err });
    }
  });
  return unique(entries);
}
