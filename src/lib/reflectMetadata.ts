/**
 * The few Reflect metadata functions @peculiar/x509 needs (its dependency tsyringe refuses to load without
 * them). A small stand-in for the reflect-metadata package: metadata kept in a WeakMap per object and
 * property, looked up along the prototype chain. Import this module before @peculiar/x509.
 */
type Key = unknown;
type Store = Map<string | symbol | undefined, Map<Key, unknown>>;

const stores = new WeakMap<object, Store>();

function own(target: object, property: string | symbol | undefined, create: boolean): Map<Key, unknown> | undefined {
  let store = stores.get(target);
  if (!store) {
    if (!create) return undefined;
    store = new Map();
    stores.set(target, store);
  }
  let map = store.get(property);
  if (!map && create) {
    map = new Map();
    store.set(property, map);
  }
  return map;
}

const R = Reflect as unknown as Record<string, unknown>;

if (typeof R.getMetadata !== 'function') {
  R.defineMetadata = (key: Key, value: unknown, target: object, property?: string | symbol) => {
    own(target, property, true)!.set(key, value);
  };
  R.getOwnMetadata = (key: Key, target: object, property?: string | symbol) => own(target, property, false)?.get(key);
  R.hasOwnMetadata = (key: Key, target: object, property?: string | symbol) => own(target, property, false)?.has(key) ?? false;
  R.getMetadata = (key: Key, target: object, property?: string | symbol) => {
    for (let o: object | null = target; o; o = Object.getPrototypeOf(o) as object | null) {
      const map = own(o, property, false);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  };
  R.hasMetadata = (key: Key, target: object, property?: string | symbol) => {
    for (let o: object | null = target; o; o = Object.getPrototypeOf(o) as object | null) {
      if (own(o, property, false)?.has(key)) return true;
    }
    return false;
  };
  R.metadata = (key: Key, value: unknown) => (target: object, property?: string | symbol) => {
    own(target, property, true)!.set(key, value);
  };
}

export {};
