import { int, obj, objList, oneOf, str, strList } from '../schema/nodes.js';

/** The `command` section: how hook programs are run. */
export const commandSection = obj({
  /** Seconds a hook program may run. */
  timeout: int(30, { min: 1, max: 300 }),
  /** `KEY=value` entries given to every hook program (the rest of the environment is not). */
  env: strList(),
  commands: objList(
    obj({
      /** The program, as written in the hook setting (required). */
      path: { ...str(), required: true },
      /** Seconds; 0 keeps `command.timeout`. */
      timeout: int(0, { min: 0, max: 300 }),
      env: strList(),
      args: strList(),
      /** Restrict this entry to one hook; empty applies it to all. */
      hook: oneOf(
        [
          '',
          'fs_actions',
          'provider_actions',
          'startup',
          'post_connect',
          'post_disconnect',
          'check_password',
          'pre_login',
          'post_login',
          'external_auth',
          'keyboard_interactive',
        ],
        '',
      ),
    }),
  ),
});
