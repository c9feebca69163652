/**
 * Turns an async function into what an `@salesforce/apex/...` import is on the platform: callable
 * imperatively (`await method(params)`) and usable with `@wire` (the `adapter` property).
 */
const adaptersByValue = new WeakMap();

export function apexMethod(call) {
  class ApexWireAdapter {
    constructor(dataCallback) {
      this.dataCallback = dataCallback;
      this.config = undefined;
      this.connected = false;
    }

    connect() {
      this.connected = true;
    }

    disconnect() {
      this.connected = false;
    }

    update(config) {
      this.config = config;
      return this.refresh();
    }

    refresh() {
      return call(this.config ?? {}).then(
        (data) => this.emit({ data, error: undefined }),
        (error) => this.emit({ data: undefined, error }),
      );
    }

    emit(value) {
      adaptersByValue.set(value, this);
      this.dataCallback(value);
    }
  }
  const method = (params) => call(params ?? {});
  method.adapter = ApexWireAdapter;
  return method;
}

/** `refreshApex(wiredValue)`: re-runs the adapter that produced the value. */
export function refreshApex(wiredValue) {
  const adapter = adaptersByValue.get(wiredValue);
  return adapter ? adapter.refresh() : Promise.resolve();
}
