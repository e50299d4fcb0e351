// smcontract adapter for the AWS SDK for JavaScript v3: JSON lines on stdin/stdout.
//
// Reads {"operation": "CreateModel", "params": {...}} per line, calls the SDK's
// <Operation>Command against SMCONTRACT_ENDPOINT (region AWS_REGION), and writes one line
// {"status", "error_code", "message", "body", "layer", "sent", ...} per request, in order
// ("sent" is the JSON body the SDK put on the wire). The first line is smcontract's hello
// (operation SmcontractHello), answered with the SDK's name and version.
// The protocol is described in ../README.md. Nothing is written to stdout but answers.

import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import * as sagemaker from "@aws-sdk/client-sagemaker";

const RAW_LIMIT = 64 * 1024;
const HELLO = "SmcontractHello";
const SDK = "@aws-sdk/client-sagemaker";
const CONNECTION_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN",
]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT"]);
const TIMEOUT_NAMES = new Set(["TimeoutError", "RequestTimeout"]);

const endpoint = process.env.SMCONTRACT_ENDPOINT || undefined;
const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1";

function isLoopback(url) {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

function credentials() {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
    };
  }
  if (endpoint && isLoopback(endpoint)) {
    return { accessKeyId: "testing", secretAccessKey: "testing" };
  }
  return undefined; // the SDK's default provider chain
}

const client = new sagemaker.SageMakerClient({
  region,
  endpoint,
  credentials: credentials(),
  maxAttempts: 1,
});

// The raw text of the last answer, captured before the SDK deserialises it, so that answers
// the SDK cannot read (an HTML 500 page, XML) reach the harness as they were.
let lastRaw;
client.middlewareStack.add(
  (next) => async (args) => {
    const result = await next(args);
    const response = result.response;
    if (response && response.body && typeof response.body[Symbol.asyncIterator] === "function") {
      const chunks = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
      const bytes = Buffer.concat(chunks);
      lastRaw = bytes.subarray(0, RAW_LIMIT).toString("utf8");
      response.body = Readable.from([bytes]);
    }
    return result;
  },
  { step: "deserialize", priority: "low", name: "smcontractCaptureRawBody" },
);

// The body the SDK serialised, as it goes on the wire (after the SDK's own rewrites).
let lastSent;
client.middlewareStack.add(
  (next) => async (args) => {
    const body = args.request?.body;
    if (typeof body === "string") lastSent = parseJson(body);
    else if (body instanceof Uint8Array) lastSent = parseJson(Buffer.from(body).toString("utf8"));
    return next(args);
  },
  { step: "serialize", priority: "low", name: "smcontractCaptureSentBody" },
);

function sdkVersion() {
  try {
    const url = new URL(`./node_modules/${SDK}/package.json`, import.meta.url);
    return JSON.parse(readFileSync(url, "utf8")).version ?? null;
  } catch {
    return null;
  }
}

// SDK values back to the JSON wire form: Dates as epoch seconds, blobs as base64.
function toWire(value) {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      if (!key.startsWith("$")) out[key] = toWire(item);
    }
    return out;
  }
  return value;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function call(request) {
  if (!request || typeof request !== "object" || typeof request.operation !== "string") {
    return { status: null, error_code: null, message: "request line is not {operation, params}",
      body: null, layer: "client", fault: "exception" };
  }
  if (request.operation === HELLO) {
    return { hello: { sdk: SDK, version: sdkVersion(), protocol: "2" }, status: null,
      error_code: null, message: null, body: null, layer: "client" };
  }
  const Command = sagemaker[`${request.operation}Command`];
  if (typeof Command !== "function") {
    return { status: null, error_code: null, body: null, layer: "client",
      message: `@aws-sdk/client-sagemaker has no ${request.operation}Command`,
      fault: "not-implemented" };
  }
  lastRaw = undefined;
  lastSent = undefined;
  try {
    const output = await client.send(new Command(request.params ?? {}));
    return { status: output.$metadata?.httpStatusCode ?? 200, error_code: null, message: null,
      body: toWire(output), layer: "server", sent: lastSent ?? null };
  } catch (error) {
    const answer = failure(error);
    answer.sent = lastSent ?? null;
    return answer;
  }
}

function failure(error) {
  const status = error?.$metadata?.httpStatusCode;
  if (typeof status === "number") {
    const serviceError = error instanceof sagemaker.SageMakerServiceException;
    const answer = {
      status,
      error_code: serviceError ? error.name : null,
      message: error.message ?? null,
      body: lastRaw === undefined ? null : parseJson(lastRaw),
      layer: "server",
    };
    if (lastRaw !== undefined) answer.raw_body = lastRaw;
    return answer;
  }
  const code = error?.code ?? error?.cause?.code;
  const text = `${error?.name ?? "Error"}: ${error?.message ?? String(error)}`;
  if (CONNECTION_CODES.has(code)) {
    return { status: null, error_code: null, message: null, body: null, layer: "transport",
      fault: "connection", detail: text };
  }
  if (TIMEOUT_CODES.has(code) || TIMEOUT_NAMES.has(error?.name)) {
    return { status: null, error_code: null, message: null, body: null, layer: "transport",
      fault: "timeout", detail: text };
  }
  // Rejected before anything was sent: the SDK's own validation or serialisation.
  return { status: null, error_code: error?.name ?? null, message: error?.message ?? null,
    body: null, layer: "client" };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = await call(JSON.parse(line));
  } catch (error) {
    answer = { status: null, error_code: null, message: null, body: null, layer: "client",
      fault: "exception", detail: `${error?.name}: ${error?.message}` };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
