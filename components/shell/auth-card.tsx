import { Brand } from "./brand";

/** The centred card used by sign-in, setup and other pages shown outside the admin shell. */
export function AuthCard({ title, description, children }: { title: string; description?: React.ReactNode; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <div className="mb-6">
        <Brand />
      </div>
      <section aria-labelledby="auth-card-title" className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 id="auth-card-title" className="text-xl font-semibold text-slate-900">
          {title}
        </h1>
        {description ? <div className="mt-1 text-sm text-slate-600">{description}</div> : null}
        <div className="mt-6">{children}</div>
      </section>
    </main>
  );
}
