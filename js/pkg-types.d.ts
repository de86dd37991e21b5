// Types for the generated wasm-bindgen glue in js/pkg/ (built with --no-typescript).
// Used only for type-checking the facade (tsc --noEmit -p js); not shipped. Mirrors docs/wasm-abi.md.

export interface WasmConsentManager {
  start(): void;
  state(): string;
  granted(purposeId: string): boolean;
  acceptAll(): string;
  rejectAll(): string;
  update(choiceJson: string): string;
  showBanner(): void;
  showPreferences(): void;
  hide(): void;
  forget(): string;
  receipt(): string;
  storageMode(): "persistent" | "memory";
  free?(): void;
}

export interface Glue {
  default(options?: { module_or_path?: string | URL | Request | Response | BufferSource | WebAssembly.Module }): Promise<unknown>;
  ConsentManager: new (configJson: string, onChange: (stateJson: string) => void) => WasmConsentManager;
}
