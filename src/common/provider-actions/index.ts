// Provider actions: hooks run after data provider objects are added, updated or deleted.
export {
  createProviderActions,
  defaultProviderActionsConcurrency,
  defaultProviderActionsQueueSize,
  type ProviderActions,
  type ProviderActionsOptions,
} from './provider-actions.js';
export type {
  ProviderAction,
  ProviderEvent,
  ProviderEventListener,
  ProviderObjectType,
} from '../../dataprovider/index.js';
export {
  BoundedRunner,
  BoundedRunnerError,
  type BoundedRunnerLimits,
  type BoundedTask,
} from './bounded-runner.js';
export { describeHook, isHttpHook, providerHookEnv, providerHookUrl } from './hook-request.js';
export { redactedSharePassword, stripSecrets, type StrippedObject } from './strip-secrets.js';
