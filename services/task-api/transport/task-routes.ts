import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { pathUserAuthorizer, type TokenVerifier } from "../../runtime/auth.js";
import { taskSnapshotSchema, type TaskSnapshot } from "../../domain/events/task-snapshot.js";
import { ApiDocument, type ApiOperation } from "../../runtime/openapi.js";
import { taskInputSchema, taskPatchSchema, taskQuerySchema } from "../domain/task-input.js";
import type { TaskService } from "../domain/task-service.js";

const taskListSchema = z.object({
  items: z.array(taskSnapshotSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: z.string().nullable(),
});
const task = { description: "The task", schema: taskSnapshotSchema };

/**
 * The public REST contract: `/api/{user_id}/tasks...`, Bearer JWT, caller may only use their
 * own user id. Every route is registered through the OpenAPI document, so `/openapi.json`
 * describes exactly what the routes validate.
 */
export function registerTaskRoutes(
  app: FastifyInstance,
  service: TaskService,
  verify: TokenVerifier,
): void {
  const api = new ApiDocument({
    info: { title: "task-api", version: "1.0.0" },
    authorize: pathUserAuthorizer(verify),
  });

  api.route(
    app,
    {
      method: "POST",
      path: "/api/{user_id}/tasks",
      operationId: "createTask",
      summary: "Create a task",
      body: taskInputSchema,
      responses: { 201: { description: "Created", schema: taskSnapshotSchema } },
    },
    async ({ userId, reply, body }) => {
      const created = await service.create(userId, body);
      reply
        .status(201)
        .header("location", `/api/${encodeURIComponent(userId)}/tasks/${created.id}`);
      return created;
    },
  );

  api.route(
    app,
    {
      method: "GET",
      path: "/api/{user_id}/tasks",
      operationId: "listTasks",
      summary: "Search, filter, sort and page the caller's tasks",
      query: taskQuerySchema,
      responses: { 200: { description: "One page of tasks", schema: taskListSchema } },
    },
    async ({ userId, query }) => service.list(userId, query),
  );

  /** An operation on one task (`/api/{user_id}/tasks/{id}<subpath>`) that answers the task. */
  const taskOperation = <B extends z.ZodType = z.ZodNever>(
    {
      subpath = "",
      ...op
    }: Omit<ApiOperation<z.ZodNever, B>, "path" | "responses"> & {
      readonly subpath?: string;
    },
    run: (userId: string, id: string, body: z.output<B>) => Promise<TaskSnapshot>,
  ) =>
    api.route(
      app,
      { ...op, path: `/api/{user_id}/tasks/{id}${subpath}`, responses: { 200: task } },
      ({ userId, params, body }) => run(userId, params.id!, body),
    );

  taskOperation({ method: "GET", operationId: "getTask", summary: "Read a task" }, (user, id) =>
    service.get(user, id),
  );
  taskOperation(
    {
      method: "PUT",
      operationId: "replaceTask",
      summary: "Replace every field of a task",
      body: taskInputSchema,
    },
    (user, id, body) => service.replace(user, id, body),
  );
  taskOperation(
    {
      method: "PATCH",
      operationId: "patchTask",
      summary: "Change the given fields of a task (null clears one)",
      body: taskPatchSchema,
    },
    (user, id, body) => service.patch(user, id, body),
  );
  taskOperation(
    {
      method: "PATCH",
      subpath: "/complete",
      operationId: "completeTask",
      summary: "Complete a task (idempotent)",
    },
    (user, id) => service.complete(user, id),
  );

  api.route(
    app,
    {
      method: "DELETE",
      path: "/api/{user_id}/tasks/{id}",
      operationId: "deleteTask",
      summary: "Delete a task",
      responses: { 204: { description: "Deleted" } },
    },
    async ({ userId, reply, params }) => {
      await service.delete(userId, params.id!);
      return reply.status(204).send();
    },
  );

  api.serve(app);
}
