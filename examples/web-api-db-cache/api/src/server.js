// GET /api/products reads Postgres, cached in Redis for 10 s; GET /health is the healthcheck's.
const http = require('node:http');
const { Pool } = require('pg');
const { createClient } = require('redis');

const pool = new Pool(); // PGHOST, PGUSER, PGPASSWORD, PGDATABASE from stack.ts
const redis = createClient({ url: process.env.REDIS_URL });

async function products() {
  const cached = await redis.get('products');
  if (cached) return cached;
  const { rows } = await pool.query('SELECT id, name, price FROM products ORDER BY id');
  const json = JSON.stringify(rows);
  await redis.set('products', json, { EX: 10 });
  return json;
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === '/health') {
      await Promise.all([pool.query('SELECT 1'), redis.ping()]);
      return res.end('ok\n');
    }
    if (req.url === '/api/products') {
      res.setHeader('content-type', 'application/json');
      return res.end(await products());
    }
    res.statusCode = 404;
    res.end('not found\n');
  } catch (err) {
    res.statusCode = 500;
    res.end(`${err.message}\n`);
  }
});

redis.connect().then(() => server.listen(3000, () => console.log(`api on :3000, log level ${process.env.LOG_LEVEL}`)));
process.on('SIGTERM', () => server.close(() => Promise.all([pool.end(), redis.quit()]).then(() => process.exit(0))));
