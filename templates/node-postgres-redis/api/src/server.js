// The API: / answers with the time from Postgres and a Redis hit counter; /health is what the healthcheck calls.
const http = require('node:http');
const { Pool } = require('pg');
const { createClient } = require('redis');

const pool = new Pool(); // PGHOST, PGUSER, PGPASSWORD, PGDATABASE come from stack.ts
const redis = createClient({ url: process.env.REDIS_URL });
redis.on('error', (err) => console.error('redis:', err.message));

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === '/health') {
      await pool.query('SELECT 1');
      res.end('ok\n');
      return;
    }
    const [{ rows }, hits] = await Promise.all([pool.query('SELECT now() AS now'), redis.incr('hits')]);
    res.setHeader('content-type', 'application/json');
    res.end(`${JSON.stringify({ now: rows[0].now, hits })}\n`);
  } catch (err) {
    res.statusCode = 500;
    res.end(`${err.message}\n`);
  }
});

redis.connect().then(() => {
  server.listen(3000, () => console.log(`api listening on :3000 (log level ${process.env.LOG_LEVEL})`));
});
// stack down sends SIGTERM: close connections so the container stops at once.
process.on('SIGTERM', () => server.close(() => Promise.all([pool.end(), redis.quit()]).then(() => process.exit(0))));
