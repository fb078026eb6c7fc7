/** Two-factor authentication settings (time-based one-time passwords) and recovery codes. */
import type { Secret } from '../../kms/secret.js';
import { emptySecret, isSecretEmpty } from '../../kms/secret.js';
import type { MFAProtocol } from './auth-options.js';
import { MFA_PROTOCOLS } from './auth-options.js';
import { checkListValues } from './checks.js';
import type { RecordSpec } from './record.js';
import { checkRequiredSecret } from './secret-checks.js';
import { ValidationError, childField, itemField } from './validation-error.js';

/** TOTP settings of an admin. */
export interface AdminTOTPConfig {
  enabled: boolean;
  /** Name of a configuration in the `mfa.totp` section of the server config. */
  config_name: string;
  secret: Secret;
}

/** TOTP settings of a user: also the protocols that ask for the one-time password. */
export interface UserTOTPConfig extends AdminTOTPConfig {
  protocols: MFAProtocol[];
}

/** A single-use code that replaces the one-time password once. */
export interface RecoveryCode {
  secret: Secret;
  used: boolean;
}

/** JSON layout of {@link AdminTOTPConfig}. */
export const ADMIN_TOTP_SPEC: RecordSpec<AdminTOTPConfig> = {
  enabled: 'bool',
  config_name: 'string',
  secret: 'secret',
};

/** JSON layout of {@link UserTOTPConfig}. */
export const USER_TOTP_SPEC: RecordSpec<UserTOTPConfig> = { ...ADMIN_TOTP_SPEC, protocols: 'strings' };

/** JSON layout of {@link RecoveryCode}. */
export const RECOVERY_CODE_SPEC: RecordSpec<RecoveryCode> = { secret: 'secret', used: 'bool' };

/**
 * Checks enabled TOTP settings: a configuration name (one of `configNames` when given) and a secret.
 * Disabled settings are cleared.
 * @throws {ValidationError} naming the missing or invalid setting.
 */
export function validateAdminTOTPConfig(
  config: AdminTOTPConfig,
  field: string,
  configNames: readonly string[] | undefined,
): void {
  if (!config.enabled) {
    config.config_name = '';
    config.secret = emptySecret();
    return;
  }
  const nameField = childField(field, 'config_name');
  if (config.config_name === '')
    throw new ValidationError(nameField, 'a TOTP configuration name is required');
  if (configNames !== undefined && !configNames.includes(config.config_name)) {
    throw new ValidationError(
      nameField,
      `TOTP configuration ${JSON.stringify(config.config_name)} not found`,
    );
  }
  checkRequiredSecret(config.secret, childField(field, 'secret'), 'the TOTP secret');
}

/**
 * As {@link validateAdminTOTPConfig}, and enabled settings need at least one valid protocol.
 * @throws {ValidationError} naming the missing or invalid setting.
 */
export function validateUserTOTPConfig(
  config: UserTOTPConfig,
  field: string,
  configNames: readonly string[] | undefined,
): void {
  validateAdminTOTPConfig(config, field, configNames);
  if (!config.enabled) {
    config.protocols = [];
    return;
  }
  const protocolsField = childField(field, 'protocols');
  if (config.protocols.length === 0)
    throw new ValidationError(protocolsField, 'specify at least one protocol');
  checkListValues(config.protocols, MFA_PROTOCOLS, protocolsField);
}

/** @throws {ValidationError} naming the first recovery code without a secret. */
export function validateRecoveryCodes(codes: readonly RecoveryCode[], field: string): void {
  codes.forEach((code, index) => {
    if (isSecretEmpty(code.secret)) {
      throw new ValidationError(
        childField(itemField(field, index), 'secret'),
        'a recovery code cannot be empty',
      );
    }
  });
}
