import type { ActiveConnection, TransferInfo } from '../../../src/common/connection-info.js';

/**
 * A minimal {@link ActiveConnection} for registry tests (the real Connection lives elsewhere): it
 * records close requests and lets the test set its last activity.
 */
export class TestConnection implements ActiveConnection {
  readonly id: string;
  readonly username: string;
  readonly protocol: string;
  readonly remoteIp: string;
  readonly remoteAddress: string;
  readonly connectedAt: number;
  activity: number;
  readonly closeReasons: string[] = [];
  /** When set, close() removes the connection from this callback, as a real teardown does. */
  onClose?: () => void;

  constructor(init: { id: string; username?: string; protocol?: string; ip?: string; at?: number }) {
    this.id = init.id;
    this.username = init.username ?? '';
    this.protocol = init.protocol ?? 'SFTP';
    this.remoteIp = init.ip ?? '127.0.0.1';
    this.remoteAddress = `${this.remoteIp}:2222`;
    this.connectedAt = init.at ?? 0;
    this.activity = this.connectedAt;
  }

  lastActivity(): number {
    return this.activity;
  }

  activeTransfers(): readonly TransferInfo[] {
    return [];
  }

  close(reason: string): void {
    this.closeReasons.push(reason);
    this.onClose?.();
  }
}
