import { obj, objList, oneOf, str } from '../schema/nodes.js';

/** One TOTP configuration of `mfa.totp`. */
const totpSchema = obj({
  /** Unique name; do not change it while accounts use it. */
  name: str('Default'),
  issuer: str('SFTPGo'),
  algo: oneOf(['sha1', 'sha256', 'sha512'], 'sha1'),
});

/** The `mfa` section: multi-factor authentication. */
export const mfaSection = obj({
  totp: objList(totpSchema, [{}]),
});
