/**
 * The schemas of the REST API's objects, with SFTPGo's names (`User`, `BaseVirtualFolder`,
 * `ConnectionStatus`…). They list the documented fields and their types; the data provider's
 * models do the full validation and name the offending field.
 */
import { ADMIN_PERMISSIONS, SECRET_STATUSES } from '../../dataprovider/index.js';
import type { JsonSchema } from './json-schema.js';
import { arrayOf, bool, int, millis, objectOf, str } from './json-schema.js';

/** The answer of operations that return no object, and of every error. */
export const ApiResponse: JsonSchema = {
  ...objectOf({
    message: str('message, can be empty'),
    error: str('error description if any'),
  }),
  additionalProperties: false,
};

/** An encrypted secret as the API shows it. */
const Secret = objectOf({
  status: {
    type: 'string',
    enum: [...SECRET_STATUSES],
  },
  payload: str(),
  key: str(),
  additional_data: str(),
  mode: int(),
});

export const FilesystemConfig = objectOf(
  {
    provider: {
      type: 'integer',
      enum: [0, 1, 2, 3, 4, 5, 6],
      description: '0 local, 1 S3, 2 GCS, 3 Azure Blob, 4 encrypted local, 5 SFTP, 6 HTTP',
    },
    osconfig: objectOf({}),
    s3config: objectOf({ access_secret: Secret }),
    gcsconfig: objectOf({ credentials: Secret }),
    azblobconfig: objectOf({ account_key: Secret, sas_url: Secret }),
    cryptconfig: objectOf({ passphrase: Secret }),
    sftpconfig: objectOf({ password: Secret, private_key: Secret, key_passphrase: Secret }),
    httpconfig: objectOf({ password: Secret, api_key: Secret }),
  },
  'Storage backend configuration',
);

const folderFields = {
  id: int(),
  name: str('unique name for this virtual folder'),
  mapped_path: str('absolute filesystem path to use as virtual folder'),
  description: str(),
  used_quota_size: int(),
  used_quota_files: int(),
  last_quota_update: millis('Last quota update'),
  users: arrayOf(str(), 'list of usernames associated with this virtual folder'),
  groups: arrayOf(str(), 'list of group names associated with this virtual folder'),
  filesystem: FilesystemConfig,
} satisfies Record<string, JsonSchema>;

export const BaseVirtualFolder = objectOf(folderFields, 'A virtual folder');

export const VirtualFolder = objectOf(
  {
    ...folderFields,
    virtual_path: str(),
    quota_size: int('Quota as size in bytes. 0 means unlimited, -1 means included in user quota'),
    quota_files: int('Quota as number of files. 0 means unlimited, -1 means included in user quota'),
  },
  'A virtual folder mounted by a user',
);

export const User = objectOf({
  id: int(),
  status: { type: 'integer', enum: [0, 1], description: '1 enabled, 0 disabled (login is not allowed)' },
  username: str('username is unique'),
  email: str(),
  description: str(),
  expiration_date: millis('expiration date, 0 means no expiration'),
  password: str('password or hash; omitted in responses'),
  public_keys: arrayOf(str()),
  has_password: bool(),
  home_dir: str('path to the user home directory'),
  virtual_folders: arrayOf(VirtualFolder),
  uid: int(),
  gid: int(),
  max_sessions: int(),
  quota_size: int(),
  quota_files: int(),
  permissions: {
    type: 'object',
    additionalProperties: arrayOf(str()),
    description: 'permissions per directory',
  },
  used_quota_size: int(),
  used_quota_files: int(),
  last_quota_update: millis('Last quota update'),
  upload_bandwidth: int('Maximum upload bandwidth as KB/s, 0 means unlimited'),
  download_bandwidth: int('Maximum download bandwidth as KB/s, 0 means unlimited'),
  upload_data_transfer: int(),
  download_data_transfer: int(),
  total_data_transfer: int(),
  used_upload_data_transfer: int(),
  used_download_data_transfer: int(),
  created_at: millis('creation time'),
  updated_at: millis('last update time'),
  last_login: millis('Last user login'),
  first_download: millis('first download time'),
  first_upload: millis('first upload time'),
  last_password_change: millis('last password change time'),
  filters: objectOf({}),
  filesystem: FilesystemConfig,
  additional_info: str(),
  groups: arrayOf(objectOf({ name: str(), type: { type: 'integer', enum: [1, 2, 3] } })),
  role: str(),
});

export const AdminPermissions: JsonSchema = { type: 'string', enum: [...ADMIN_PERMISSIONS] };

export const Admin = objectOf({
  id: int(),
  status: { type: 'integer', enum: [0, 1] },
  username: str(),
  description: str(),
  password: str('Admin password. For security reasons this field is omitted when you search/get admins'),
  email: str(),
  permissions: arrayOf(AdminPermissions),
  filters: objectOf({
    allow_list: arrayOf(str(), 'only clients connecting from these IP/Mask are allowed'),
    allow_api_key_auth: bool(),
    require_password_change: bool(),
    require_two_factor: bool(),
  }),
  additional_info: str(),
  groups: arrayOf(objectOf({ name: str(), options: objectOf({ add_to_users_as: int() }) })),
  created_at: millis('creation time'),
  updated_at: millis('last update time'),
  last_login: millis('Last admin login'),
  role: str(),
});

export const AdminProfile = objectOf({
  email: str(),
  description: str(),
  allow_api_key_auth: bool('If enabled, you can impersonate this admin, in REST API, using an API key'),
});

export const PwdChange = objectOf({ current_password: str(), new_password: str() });

export const APIKey = objectOf({
  id: str('unique key identifier'),
  name: str('User friendly key name'),
  key: str('The generated API key is visible only at creation time'),
  scope: { type: 'integer', enum: [1, 2], description: '1 admin scope, 2 user scope' },
  created_at: millis('creation time'),
  updated_at: millis('last update time'),
  last_use_at: millis('last use time'),
  expires_at: millis('expiration time, 0 means no expiration'),
  description: str(),
  user: str('username associated with this API key'),
  admin: str('admin associated with this API key'),
});

export const Transfer = objectOf({
  operation_type: { type: 'string', enum: ['upload', 'download'] },
  path: str('file path for the upload/download'),
  start_time: millis('start time'),
  size: int('bytes transferred'),
});

export const ConnectionStatus = objectOf({
  username: str('connected username'),
  connection_id: str('unique connection identifier'),
  client_version: str('client version'),
  remote_address: str('Remote address for the connected client'),
  connection_time: millis('connection time'),
  command: str('Last SSH/FTP command or WebDAV method'),
  last_activity: millis('last client activity'),
  protocol: {
    type: 'string',
    enum: ['SFTP', 'SCP', 'SSH', 'FTP', 'DAV', 'HTTP', 'HTTPShare', 'DataRetention', 'OIDC', 'EventAction'],
  },
  active_transfers: arrayOf(Transfer),
  node: str('Node identifier, omitted for single node installations'),
});

export const QuotaScan = objectOf({ username: str(), start_time: millis('scan start time') });
export const FolderQuotaScan = objectOf({ name: str(), start_time: millis('scan start time') });
export const QuotaUsage = objectOf({ used_quota_size: int(), used_quota_files: int() });
export const TransferQuotaUsage = objectOf({
  used_upload_data_transfer: int('The value must be specified as bytes'),
  used_download_data_transfer: int('The value must be specified as bytes'),
});

export const Token = objectOf({ access_token: str(), expires_at: { type: 'string', format: 'date-time' } });

export const VersionInfo = objectOf({
  version: str(),
  build_date: str(),
  commit_hash: str(),
  features: arrayOf(str(), 'Features of this build, with a + prefix when available and - when not'),
});

const serviceStatus = (extra: Record<string, JsonSchema> = {}): JsonSchema =>
  objectOf({ is_active: bool(), bindings: { type: 'array', items: objectOf({}), nullable: true }, ...extra });

export const ServicesStatus = objectOf({
  ssh: serviceStatus({
    host_keys: {
      type: 'array',
      items: objectOf({ path: str(), fingerprint: str(), algorithms: arrayOf(str()) }),
      nullable: true,
    },
  }),
  ftp: serviceStatus(),
  webdav: serviceStatus(),
  data_provider: objectOf({ is_active: bool(), driver: str(), error: str() }),
  defender: objectOf({ is_active: bool() }),
  mfa: objectOf({ is_active: bool(), totp_configs: arrayOf(objectOf({})) }),
  allow_list: objectOf({ is_active: bool() }),
  rate_limiters: objectOf({ is_active: bool(), protocols: arrayOf(str()) }),
});

export const BackupData = objectOf({
  users: arrayOf(User),
  folders: arrayOf(BaseVirtualFolder),
  groups: arrayOf(objectOf({})),
  admins: arrayOf(Admin),
  api_keys: arrayOf(APIKey),
  shares: arrayOf(objectOf({})),
  event_actions: arrayOf(objectOf({})),
  event_rules: arrayOf(objectOf({})),
  roles: arrayOf(objectOf({})),
  ip_lists: arrayOf(objectOf({})),
  configs: { type: 'object', nullable: true },
  version: int(),
});

export const DefenderEntry = objectOf({
  id: str('the address as hexadecimal text: the {id} of /defender/hosts/{id}'),
  ip: str(),
  score: int('sum of the scores of the violations within the observation time'),
  ban_time: {
    type: 'string',
    format: 'date-time',
    description: 'banned until this time; omitted if not banned',
  },
});

export const IPListType = {
  type: 'integer',
  enum: [1, 2, 3],
  description: '1 allow list, 2 defender, 3 rate limiter safe list',
} as const satisfies JsonSchema;

export const IPListMode = {
  type: 'integer',
  enum: [1, 2],
  description: '1 allow, 2 deny (defender list only)',
} as const satisfies JsonSchema;

export const IPListEntry = objectOf({
  ipornet: str('IP address or network in CIDR form: 192.168.1.2/32, 192.168.0.0/24, 2001:db8::/32'),
  description: str(),
  type: IPListType,
  mode: IPListMode,
  protocols: int('0 all protocols, or a mask of 1 SSH, 2 FTP, 4 WebDAV, 8 HTTP'),
  created_at: millis('creation time'),
  updated_at: millis('last update time'),
});

/** Every named schema, as `components.schemas` of the OpenAPI document lists them. */
export const NAMED_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  ApiResponse,
  FilesystemConfig,
  BaseVirtualFolder,
  VirtualFolder,
  User,
  AdminPermissions,
  Admin,
  AdminProfile,
  PwdChange,
  APIKey,
  Transfer,
  ConnectionStatus,
  QuotaScan,
  FolderQuotaScan,
  QuotaUsage,
  TransferQuotaUsage,
  Token,
  VersionInfo,
  ServicesStatus,
  BackupData,
  DefenderEntry,
  IPListType,
  IPListMode,
  IPListEntry,
};
