import { type TSchema, Type } from 'typebox';

/** Shared HTTP shapes. Every list uses cursor pagination: `?limit=&cursor=` → `{ items, nextCursor }`. */
export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
  },
  { $id: 'Problem' },
);

export const ProjectIdParams = Type.Object({ projectId: Uuid });

/** Standard error responses for the OpenAPI document (`4xx` shared, so every route documents its problems). */
export const problemResponses = { '4xx': ProblemSchema, '5xx': ProblemSchema };
