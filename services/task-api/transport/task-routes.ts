import type { FastifyInstance, FastifyRequest } from "fastify";
import type { z } from "zod";
import { assertSameUser, type TokenVerifier } from "../../shared/auth.js";
import { ProblemError, validationProblem } from "../../shared/problem.js";
import { taskInputSchema, taskPatchSchema, taskQuerySchema } from "../domain/task-input.js";
import type { TaskService } from "../domain/task-service.js";

type UserParams = { user_id: string };
type TaskParams = UserParams & { id: string };

function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: "body" | "query",
): z.output<S> {
  // An absent query is no filter; an absent body (empty or whitespace) is not an empty object.
  if (value === undefined && where === "body")
    throw new ProblemError(400, "Invalid request", "Invalid body: a JSON object is required", [
      { field: "body", message: "required: send a JSON object" },
    ]);
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}

/** The public REST contract: `/api/{user_id}/tasks...`, Bearer JWT, caller may only use their own user id. */
export function registerTaskRoutes(
  app: FastifyInstance,
  service: TaskService,
  verify: TokenVerifier,
): void {
  const authorize = async (req: FastifyRequest<{ Params: UserParams }>) => {
    const principal = await verify(req.headers.authorization);
    assertSameUser(principal, req.params.user_id);
    return principal.userId;
  };

  app.post<{ Params: UserParams }>("/api/:user_id/tasks", async (req, reply) => {
    const userId = await authorize(req);
    const task = await service.create(userId, parse(taskInputSchema, req.body, "body"));
    reply
      .status(201)
      .header("location", `/api/${encodeURIComponent(userId)}/tasks/${task.id}`)
      .send(task);
  });

  app.get<{ Params: UserParams }>("/api/:user_id/tasks", async (req) => {
    const userId = await authorize(req);
    return service.list(userId, parse(taskQuerySchema, req.query, "query"));
  });

  app.get<{ Params: TaskParams }>("/api/:user_id/tasks/:id", async (req) =>
    service.get(await authorize(req), req.params.id),
  );

  app.put<{ Params: TaskParams }>("/api/:user_id/tasks/:id", async (req) => {
    const userId = await authorize(req);
    return service.replace(userId, req.params.id, parse(taskInputSchema, req.body, "body"));
  });

  app.patch<{ Params: TaskParams }>("/api/:user_id/tasks/:id", async (req) => {
    const userId = await authorize(req);
    return service.patch(userId, req.params.id, parse(taskPatchSchema, req.body, "body"));
  });

  app.patch<{ Params: TaskParams }>("/api/:user_id/tasks/:id/complete", async (req) =>
    service.complete(await authorize(req), req.params.id),
  );

  app.delete<{ Params: TaskParams }>("/api/:user_id/tasks/:id", async (req, reply) => {
    await service.delete(await authorize(req), req.params.id);
    reply.status(204).send();
  });
}
