/** The names of the IPC requests and notices between the cluster primary and its workers. */
export const ipcMethods = {
  /** worker → primary, request: check a client just counted against the connection limits. */
  admit: 'registry.admit',
  /** worker → primary, notices: a client socket accepted / closed. */
  clientAdded: 'registry.client-added',
  clientRemoved: 'registry.client-removed',
  /** worker → primary, request: register a session (the user's `max_sessions` is checked there). */
  addSession: 'registry.add',
  /** worker → primary, notice: a session ended. */
  removeSession: 'registry.remove',
  /** worker → primary, notice: activity and transfers of the worker's sessions. */
  refreshSessions: 'registry.refresh',
  /** primary → worker, request: close one of the worker's sessions (an admin's kick). */
  closeSession: 'registry.close',
  /** worker → primary, requests: the connection guards. */
  checkAdmission: 'guards.check-admission',
  excuseLimit: 'guards.excuse-limit',
  limitRate: 'guards.limit-rate',
  scoreEvent: 'guards.score-event',
  delayLogin: 'guards.delay-login',
  /** worker → primary, notice: the worker's servers listen. */
  ready: 'worker.ready',
  /** primary → worker, notice: stop gracefully (as SIGTERM, but a SIGINT of the terminal may come too). */
  stop: 'worker.stop',
  /** primary → worker, notice: reopen the log file (the primary rotated it). */
  reopenLog: 'logger.reopen',
} as const;
