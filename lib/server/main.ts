// `npm start`: the production server. Next.js serves the app; the SCIM API is answered directly
// (./node-scim.ts), since identity providers push whole directories through it. `next dev` does
// not use this file: there the route handler serves SCIM.
//
// Bundled by `npm run build` into .next/roster-server.mjs (esbuild; packages stay external).
import { createServer } from "node:http";
import { getHeapStatistics } from "node:v8";
import next from "next";
import { announcePeerAddressHeader, PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { isScimPath, serveScim } from "./node-scim";

const port = Number(process.env.PORT ?? 3000);
// HOST, not HOSTNAME: container runtimes set HOSTNAME to the container id.
const hostname = process.env.HOST || "0.0.0.0";

async function main(): Promise<void> {
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  announcePeerAddressHeader();
  const server = createServer((req, res) => {
    if (isScimPath(req.url)) {
      void serveScim(req, res);
      return;
    }
    // The sign-in limits need the TCP peer, which Next.js does not hand to route handlers.
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    void handle(req, res);
  });
  // The heap limit comes from `npm start` (--max-old-space-size, ROSTER_MAX_HEAP_MB): said here so
  // an operator sees what the process was given.
  const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  server.listen(port, hostname, () =>
    console.log(`[roster] listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (JavaScript heap limit ${heapLimitMb} MB)`),
  );
  const stop = () => server.close(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: Error) => {
  console.error(`[roster] could not start: ${error.message}`);
  process.exit(1);
});
