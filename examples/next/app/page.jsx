import Consent from "./consent.jsx";

export default function Page() {
  return (
    <main>
      <h1>A Next.js app with consent-sieve</h1>
      <Consent />
    </main>
  );
}
