import { obj, pathStr, secret, str } from '../schema/nodes.js';

/** The `kms` section: encryption of stored secrets. */
export const kmsSection = obj({
  secrets: obj({
    url: str(),
    master_key: secret(),
    /** File holding the master key (path); wins over `master_key`. */
    master_key_path: pathStr(),
  }),
});
