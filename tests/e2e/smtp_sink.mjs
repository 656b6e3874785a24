// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// A real SMTP server on loopback for the mail tests (npm package smtp-server, installed in
// tests/browser by `make test`). It requires AUTH with the given user and password, offers
// STARTTLS when given a certificate, and appends every message it accepts to a file as one
// JSON line: {from, to, user, secure, data}. Prints "listening on PORT" once bound.
//
//   node smtp_sink.mjs --out FILE --user U --password P [--port N] [--cert C --key K]
//                      [--reject RCPT]   (answers 550 to RCPT TO:<RCPT>)
import { appendFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../browser/package.json", import.meta.url));
const { SMTPServer } = require("smtp-server");

const args = {};
for (let i = 2; i < process.argv.length; i += 2)
    args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
if (!args.out) {
    console.error("usage: smtp_sink.mjs --out FILE --user U --password P [--port N]");
    process.exit(2);
}

const tls = args.cert && args.key;
const server = new SMTPServer({
    name: "sink.test",
    secure: false,
    ...(tls ? { cert: readFileSync(args.cert), key: readFileSync(args.key) } : {}),
    disabledCommands: tls ? [] : ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: !args.user,
    allowInsecureAuth: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, session, callback) {
        if (auth.username === args.user && auth.password === args.password)
            return callback(null, { user: auth.username });
        return callback(new Error("Invalid username or password"));
    },
    onRcptTo(address, session, callback) {
        if (args.reject && address.address === args.reject) {
            const error = new Error("No such user here");
            error.responseCode = 550;
            return callback(error);
        }
        return callback();
    },
    onData(stream, session, callback) {
        const chunks = [];
        stream.on("data", (chunk) => chunks.push(chunk));
        stream.on("end", () => {
            appendFileSync(args.out, JSON.stringify({
                from: session.envelope.mailFrom && session.envelope.mailFrom.address,
                to: session.envelope.rcptTo.map((r) => r.address),
                user: session.user || null,
                secure: Boolean(session.secure),
                data: Buffer.concat(chunks).toString("utf8"),
            }) + "\n");
            callback(null, "Message accepted");
        });
    },
});
server.on("error", (error) => console.error("smtp sink:", error.message));
server.listen(Number(args.port || 0), "127.0.0.1", () => {
    console.log("listening on " + server.server.address().port);
});
for (const signal of ["SIGTERM", "SIGINT"])
    process.on(signal, () => server.close(() => process.exit(0)));
