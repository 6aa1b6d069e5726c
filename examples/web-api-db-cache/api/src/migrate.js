// Creates the schema and sample rows; safe to run again. Exits 0 so `dependsOn: { migrate: 'completed' }` proceeds.
const { Client } = require('pg');

(async () => {
  const db = new Client();
  await db.connect();
  await db.query('CREATE TABLE IF NOT EXISTS products (id serial PRIMARY KEY, name text UNIQUE NOT NULL, price numeric NOT NULL)');
  await db.query("INSERT INTO products (name, price) VALUES ('teapot', 24.5), ('mug', 8) ON CONFLICT (name) DO NOTHING");
  await db.end();
  console.log('migrated');
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
