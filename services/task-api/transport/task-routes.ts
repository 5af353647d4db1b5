import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { pathUserAuthorizer, type TokenVerifier } from "../../runtime/auth.js";
import { taskSnapshotSchema } from "../../domain/events/task-snapshot.js";
import { ApiDocument } from "../../runtime/openapi.js";
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

  api.route(
    app,
    {
      method: "GET",
      path: "/api/{user_id}/tasks/{id}",
      operationId: "getTask",
      summary: "Read a task",
      responses: { 200: task },
    },
    async ({ userId, params }) => service.get(userId, params.id!),
  );

  api.route(
    app,
    {
      method: "PUT",
      path: "/api/{user_id}/tasks/{id}",
      operationId: "replaceTask",
      summary: "Replace every field of a task",
      body: taskInputSchema,
      responses: { 200: task },
    },
    async ({ userId, params, body }) => service.replace(userId, params.id!, body),
  );

  api.route(
    app,
    {
      method: "PATCH",
      path: "/api/{user_id}/tasks/{id}",
      operationId: "patchTask",
      summary: "Change the given fields of a task (null clears one)",
      body: taskPatchSchema,
      responses: { 200: task },
    },
    async ({ userId, params, body }) => service.patch(userId, params.id!, body),
  );

  api.route(
    app,
    {
      method: "PATCH",
      path: "/api/{user_id}/tasks/{id}/complete",
      operationId: "completeTask",
      summary: "Complete a task (idempotent)",
      responses: { 200: task },
    },
    async ({ userId, params }) => service.complete(userId, params.id!),
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
