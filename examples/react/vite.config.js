import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import consentSieve from "consent-sieve/vite";

export default defineConfig({
  plugins: [react(), consentSieve({ config: "./consent-sieve.json" })],
});
