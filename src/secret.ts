// A credential that prints as *** everywhere (logs, JSON, inspect, templates) unless explicitly
// revealed. Below every layer: config reads secrets into it, the client's logins reveal them.

const MASK = '***';

export class Secret {
  // A private field: invisible to inspect, spread, Object.keys and jest's pretty-format.
  readonly #value: string;

  /** `from` says where the value came from ("env ZITI_STATUS_PASSWORD", "file /x/pw"); never the value. */
  constructor(
    value: string,
    readonly from: string,
  ) {
    this.#value = value;
  }

  /** The one way to get the value: call it at the point of use (a header, a request body). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [Symbol.toPrimitive](): string {
    return MASK;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return MASK;
  }
}
