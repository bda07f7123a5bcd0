import type { Direction } from '../../core/dissector';
import type { CapabilityHost } from '../../devp2p/capability';

/**
 * LES StopMsg cancels every request not yet answered ("will not be answered after ResumeMsg", les.md §ResumeMsg):
 * the engine's pairing withdraws them, so they end as `cancelled`, not `unanswered`.
 */
export function cancelRequests(host: CapabilityHost, requestDirection: Direction, requestIds: readonly string[]): void {
  host.cancelRequests(requestDirection, requestIds);
}
