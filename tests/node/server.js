#!/usr/bin/env node
// A CouchDB-compatible HTTP server held entirely in memory, for the test suite.
//
// Why this file instead of the `pouchdb-server` CLI: that package drags in
// leveldown and sqlite3 (native builds, ~2 minutes of `npm ci`), while the HTTP
// layer it wraps, express-pouchdb, runs just as well on the memory adapter
// alone (~10 seconds to install). Same CouchDB API: _bulk_docs, _changes,
// _all_docs, _bulk_get, PUT /db, Basic auth against configured admins.
//
// Usage: node server.js [--admin user:password]
// Run it in a scratch directory: express-pouchdb writes log.txt into the cwd.
// Listens on 127.0.0.1 with an OS-chosen port and prints one line,
// "listening <port>", on stdout once it accepts connections.
// Lines on stdin steer it, each acknowledged by one line on stdout:
//   "stop"  -> closes the listener and cuts every open connection ("stopped");
//              the data stays in memory, so a later "start" finds it again.
//   "start" -> listens again on the same port ("listening <port>").
// When stdin closes (the test process died) the server exits.
"use strict";

const http = require("http");
const readline = require("readline");
const express = require("express");
const expressPouchDB = require("express-pouchdb");
const PouchDB = require("pouchdb-core")
  .plugin(require("pouchdb-adapter-memory"))
  .plugin(require("pouchdb-adapter-http"))
  .plugin(require("pouchdb-mapreduce"))
  .plugin(require("pouchdb-replication"));

function parseAdmin(argv) {
  const at = argv.indexOf("--admin");
  if (at === -1 || at + 1 >= argv.length) return null;
  const [user, ...rest] = argv[at + 1].split(":");
  return { user, password: rest.join(":") };
}

const admin = parseAdmin(process.argv.slice(2));
const couch = expressPouchDB({
  inMemoryConfig: true,
  logPath: "log.txt",
  overrideMode: { exclude: ["routes/fauxton", "routes/http-log"] },
});
couch.setPouchDB(PouchDB.defaults({ prefix: `${process.cwd()}/` }));

const app = express();
if (admin) {
  // express-pouchdb 4.2.0 crashes the whole process on an anonymous PUT /db
  // once admins exist; answer it the way CouchDB does instead.
  app.use((req, res, next) => {
    const createsDb = req.method === "PUT" && /^\/[^/_][^/]*\/?$/.test(req.path);
    if (createsDb && !req.headers.authorization) {
      res.status(401).json({ error: "unauthorized", reason: "You are not a server admin." });
      return;
    }
    next();
  });
}
app.use("/", couch);

const sockets = new Set();
let server = null;
let port = 0;

function listen() {
  server = http.createServer(app);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(port, "127.0.0.1", () => {
    port = server.address().port;
    process.stdout.write(`listening ${port}\n`);
  });
}

function stop() {
  server.close(() => process.stdout.write("stopped\n"));
  for (const socket of sockets) socket.destroy();
  sockets.clear();
}

async function main() {
  if (admin) {
    await new Promise((resolve, reject) => {
      couch.couchConfig.set("admins", admin.user, admin.password, (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }
  listen();
  const commands = readline.createInterface({ input: process.stdin });
  commands.on("line", (line) => {
    const command = line.trim();
    if (command === "stop") stop();
    else if (command === "start") listen();
  });
  commands.on("close", () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
