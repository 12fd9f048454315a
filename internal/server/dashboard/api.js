// The page's only door to the server: /v1 calls with the bearer token,
// problem+json turned into readable errors, and the event stream.

let token = "";

export function setToken(t) {
  token = t || "";
}

export function getToken() {
  return token;
}

// ApiError carries the HTTP status and the problem's code and detail.
export class ApiError extends Error {
  constructor(status, problem, path) {
    const detail = (problem && (problem.detail || problem.title)) || `HTTP ${status}`;
    super(`${path}: ${detail}`);
    this.status = status;
    this.code = (problem && problem.code) || "";
    this.missing = status === 404 || status === 405;
  }
}

// A GET refused 429 (the token's analyses in flight are capped: the
// panels load together) is asked again after Retry-After, a few times.
const RETRIES_429 = 3;

async function call(method, path, body, attempt = 0) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const init = { method, headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let resp;
  try {
    resp = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { detail: "server unreachable (" + e.message + ")" }, path);
  }
  if (resp.status === 429 && method === "GET" && attempt < RETRIES_429) {
    const wait = Math.min(10, Math.max(1, Number(resp.headers.get("Retry-After")) || 1));
    await new Promise((done) => setTimeout(done, wait * 1000));
    return call(method, path, body, attempt + 1);
  }
  const type = resp.headers.get("Content-Type") || "";
  if (!resp.ok) {
    let problem = null;
    if (type.includes("json")) problem = await resp.json().catch(() => null);
    throw new ApiError(resp.status, problem, path);
  }
  if (type.includes("json")) return resp.json();
  return resp.blob();
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body);

// events opens /v1/events (EventSource cannot send headers, so the token
// rides in the query).
export function events() {
  return new EventSource("/v1/events?access_token=" + encodeURIComponent(token));
}
