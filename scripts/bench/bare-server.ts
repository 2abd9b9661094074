/**
 * The baseline of `npm run bench:live`: a Socket.IO server that does nothing but the broadcast. Same socket.io
 * version and server options as lib/realtime/server.ts, no middleware, no database, no Next.js. Viewers send the
 * same `interview:join` (answered at once with an ack); `POST /emit` with an `interview:event` argument as its JSON
 * body broadcasts it to the room with one `io.to(room).emit`, exactly as lib/interviews/events.ts#broadcast does.
 *
 * Usage: PORT=3301 node --import tsx scripts/bench/bare-server.ts (started by scripts/bench/live.ts).
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 3301);
const ROOM = 'interview:bench';

const httpServer = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/emit') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      io.to(ROOM).emit('interview:event', event);
      res.writeHead(204).end();
    });
    return;
  }
  if (req.url === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ viewers: io.of('/').adapter.rooms.get(ROOM)?.size ?? 0 }));
  if (!req.url?.startsWith('/socket.io/')) res.writeHead(404).end();
});

const io = new Server(httpServer, {
  path: '/socket.io',
  serveClient: false,
  maxHttpBufferSize: 256 * 1024,
  transports: ['websocket', 'polling'],
});

io.on('connection', (socket) => {
  socket.on('interview:join', (payload: { sinceSeq?: number }, ack: unknown) => {
    void socket.join(ROOM);
    if (typeof ack === 'function') ack({ ok: true, seq: payload?.sinceSeq ?? 0 });
  });
});

httpServer.listen(port, '127.0.0.1', () => console.log(`bare Socket.IO server on :${port}`));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
