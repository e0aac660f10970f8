#!/usr/bin/env node
// Creates (or with --drop, drops) the database named in the URL argument on its server (e2e config and teardown).
import pg from "pg";

const url = new URL(process.argv[2]);
const name = url.pathname.slice(1);
if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing odd database name ${name}`);
url.pathname = "/postgres";
const c = new pg.Client({ connectionString: url.toString() });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
if (!process.argv.includes("--drop")) await c.query(`CREATE DATABASE "${name}"`);
await c.end();
