// The few framework APIs README's recipes use, declared here so tsc can compile those blocks without
// installing React's and Vue's type packages (the real React is exercised by examples/react).
declare module "react" {
  export function useSyncExternalStore<T>(subscribe: (onChange: () => void) => () => void, getSnapshot: () => T, getServerSnapshot?: () => T): T;
}
declare module "vue" {
  export interface ShallowRef<T> { value: T }
  export function shallowRef<T>(value: T): ShallowRef<T>;
  export function onScopeDispose(fn: () => void): void;
}
