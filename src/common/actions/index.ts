// File actions: SFTPGo's custom actions (`common.actions`) for file operations and SSH commands.
export {
  ActionDeniedError,
  fsActionNames,
  fsActionStatus,
  type FsActionEvent,
  type FsActionName,
  type FsActionsHandler,
  type FsActionStatus,
} from './fs-action-event.js';
export {
  createFsActions,
  defaultFsActionsConcurrency,
  defaultFsActionsQueueSize,
  type FsActions,
  type FsActionsOptions,
} from './fs-actions.js';
export { fsActionEnv, fsActionJson, goString } from './fs-action-payload.js';
