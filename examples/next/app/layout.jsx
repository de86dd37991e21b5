import Script from "next/script";
import config from "../consent-sieve.json";

export const metadata = { title: "consent-sieve with Next.js", icons: { icon: "data:," } };

// First in <head>: the config, then the early layer (copied into public/ by the postinstall script),
// so vendor tags and requests are held before any other script runs.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <head>
        <script type="application/json" id="consent-sieve-config" dangerouslySetInnerHTML={{ __html: JSON.stringify(config).replace(/</g, "\\u003c") }} />
        <Script src="/consent-sieve-early.js" strategy="beforeInteractive" />
        <script type="text/plain" data-consent="analytics" dangerouslySetInnerHTML={{ __html: '(window.__ran = window.__ran || []).push("analytics");' }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
