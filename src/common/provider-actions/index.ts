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
} from '../hooks/bounded-runner.js';
export { providerHookEnv, providerHookUrl } from './hook-request.js';
export { describeHook, isHttpHook } from '../hooks/hook-target.js';
export { redactedSharePassword, stripSecrets, type StrippedObject } from './strip-secrets.js';
