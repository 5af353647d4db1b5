import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "./http-server.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { Telemetry } from "./telemetry.js";
import { currentTrace, traceFields } from "./trace-context.js";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACESTATE = "rojo=00f067aa0ba902b7";

interface ExportedSpan {
  traceId: string;
  parentSpanId?: string;
  name: string;
}

/** A real OTLP/HTTP JSON export, received by a local HTTP endpoint. */
describe("Telemetry", () => {
  let receiver: Server;
  let endpoint: string;
  const spans: ExportedSpan[] = [];
  const services: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const payload = JSON.parse(body);
        for (const rs of payload.resourceSpans ?? []) {
          services.push(
            ...rs.resource.attributes
              .filter((a: { key: string }) => a.key === "service.name")
              .map((a: { value: { stringValue: string } }) => a.value.stringValue),
          );
          for (const ss of rs.scopeSpans) spans.push(...ss.spans);
        }
        res.setHeader("content-type", "application/json").end("{}");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const address = receiver.address();
    endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });

  afterAll(() => receiver.close());

  /** One request with a trace, whose handler answers what its outgoing calls would carry. */
  async function tracedRequest(telemetry: Telemetry) {
    const app = createHttpServer({
      service: "unit-svc",
      logger: createLogger("unit-svc", "silent"),
      metrics: createMetrics("unit-svc"),
      readiness: [],
      telemetry,
    });
    // DaprClient adds these headers to every call.
    app.get("/things/:id", async () => traceFields(currentTrace()!));
    const res = await app.inject({
      url: "/things/1",
      headers: { traceparent: TRACEPARENT, tracestate: TRACESTATE },
    });
    await app.close();
    await telemetry.flush();
    return { header: res.headers.traceparent, outgoing: res.json() };
  }

  it.each([
    ["with", () => endpoint],
    ["without", () => undefined],
  ])(
    "%s an endpoint, continues the trace it is sent: same trace and tracestate, a new span",
    async (_with, otlp) => {
      const { header, outgoing } = await tracedRequest(new Telemetry("unit-svc", otlp()));
      expect(header).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
      expect(header).not.toBe(TRACEPARENT);
      expect(outgoing).toEqual({ traceparent: header, tracestate: TRACESTATE });
    },
  );

  it("exports a server span per request, parented on the incoming traceparent", async () => {
    await tracedRequest(new Telemetry("unit-svc", endpoint));
    const span = spans.find((s) => s.traceId === "4bf92f3577b34da6a3ce929d0e0e4736");
    expect(span).toMatchObject({ name: "GET /things/:id", parentSpanId: "00f067aa0ba902b7" });
    expect(services).toContain("unit-svc");
  });

  it("exports nothing and still propagates ids without an endpoint", async () => {
    const telemetry = new Telemetry("quiet", undefined);
    const span = telemetry.startServerSpan("x", undefined);
    expect(span.context.traceId).toMatch(/^[0-9a-f]{32}$/);
    span.end(200);
    await telemetry.flush();
  });
});
