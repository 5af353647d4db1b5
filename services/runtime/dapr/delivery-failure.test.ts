import { describe, expect, it } from "vitest";
import { DaprError } from "./dapr-client.js";
import { AttemptCounter, isTransientFailure } from "./delivery-failure.js";

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe("isTransientFailure", () => {
  it("is true for a database, sidecar or called service that is away", () => {
    for (const err of [
      pgError("57P01"), // admin shutdown
      pgError("08006"), // connection failure
      pgError("53300"), // too many connections
      pgError("40P01"), // deadlock
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
      new DaprError("publish", 0, "sidecar unreachable"),
      new DaprError("invoke", 500, "task-api failed"),
      new Error("outer", { cause: pgError("57P03") }),
    ])
      expect(isTransientFailure(err), err.message).toBe(true);
  });

  it("is false for what a later attempt cannot change", () => {
    for (const err of [
      pgError("22P02"), // invalid text representation
      pgError("23505"), // unique violation
      new DaprError("invoke", 400, "bad next occurrence"),
      new TypeError("cannot read properties of undefined"),
    ])
      expect(isTransientFailure(err), err.message).toBe(false);
  });
});

describe("AttemptCounter", () => {
  it("gives up on an event after maxAttempts failures and forgets it after a success", () => {
    const counter = new AttemptCounter(2);
    expect(counter.failed("e")).toBe(false);
    counter.forget("e");
    expect(counter.failed("e")).toBe(false);
    expect(counter.failed("e")).toBe(true);
  });

  it("keeps at most `capacity` events, dropping the oldest", () => {
    const counter = new AttemptCounter(2, 2);
    counter.failed("a");
    counter.failed("b");
    counter.failed("c");
    expect(counter.failed("a")).toBe(false); // forgotten: counts from one again
    expect(counter.failed("c")).toBe(true);
  });
});
