/**
 * The client's side of LES flow control (les.md §Client Side Flow Control, "The Model" and "The Protocol"): the
 * client keeps BLE, the lowest estimate of its buffer at the server. BLE starts at BL, recharges at MRR up to BL,
 * loses MaxCost = BaseCost + ReqCost·N with each request, and on each reply becomes BV minus the MaxCost of the
 * requests sent after the one replied to. A request sent while BLE < MaxCost breaks the rules.
 *
 * Time unit: MRR is applied per millisecond, as go-ethereum (les/flowcontrol fcTimeConst = time.Millisecond) and
 * ethereumjs (mrr · Δms) both do, although les.md's model speaks of "cost per second".
 */

export interface FlowControlParams {
  /** Buffer limit BL. */
  bl: number;
  /** Minimum rate of recharge MRR, per millisecond. */
  mrr: number;
  /** MRC table: message code → base and per-item cost. */
  costs: ReadonlyMap<number, { base: number; req: number }>;
}

export type RequestCharge =
  { kind: 'charged'; maxCost: number; bleBefore: number; ble: number; breach: boolean } | { kind: 'no-cost' };

export class BufferEstimate {
  private params: FlowControlParams | null = null;
  private ble = 0;
  /** Capture time (seconds) BLE was last brought up to date. */
  private at = 0;
  /** Requests awaiting their reply, in the order sent, with their MaxCost. */
  private readonly inFlight = new Map<string, number>();

  get known(): boolean {
    return this.params !== null;
  }

  get limit(): number | null {
    return this.params?.bl ?? null;
  }

  /** The server's Status: BLE = BL. */
  start(params: FlowControlParams, time: number): void {
    this.params = params;
    this.ble = params.bl;
    this.at = time;
  }

  /** A request of `count` items of message `code` sent at `time`. */
  request(id: string, code: number, count: number, time: number): RequestCharge | null {
    if (!this.params) return null;
    const cost = this.params.costs.get(code);
    if (!cost) return { kind: 'no-cost' };
    this.recharge(time);
    const maxCost = cost.base + cost.req * count;
    const bleBefore = this.ble;
    this.ble -= maxCost;
    this.inFlight.delete(id);
    this.inFlight.set(id, maxCost);
    return { kind: 'charged', maxCost, bleBefore, ble: this.ble, breach: bleBefore < maxCost };
  }

  /** A reply with buffer value `bv` to request `id`: BLE = BV − Σ MaxCost of the requests sent after it. */
  reply(id: string, bv: number, time: number): number | null {
    if (!this.params) return null;
    let after = 0;
    let passed = !this.inFlight.has(id);
    for (const [other, cost] of this.inFlight) {
      if (passed) after += cost;
      else if (other === id) passed = true;
    }
    this.inFlight.delete(id);
    this.ble = bv - after;
    this.at = time;
    return this.ble;
  }

  /** StopMsg: every request in flight is cancelled (les.md §StopMsg); returns their ids, oldest first. */
  stop(): string[] {
    const cancelled = [...this.inFlight.keys()];
    this.inFlight.clear();
    return cancelled;
  }

  /** ResumeMsg: the new buffer value; nothing is in flight any more. */
  resume(bv: number, time: number): number | null {
    if (!this.params) return null;
    this.inFlight.clear();
    this.ble = bv;
    this.at = time;
    return this.ble;
  }

  private recharge(time: number): void {
    const { bl, mrr } = this.params!;
    if (this.ble < bl && time > this.at) this.ble = Math.min(bl, this.ble + mrr * (time - this.at) * 1000);
    this.at = Math.max(this.at, time);
  }
}
