/** The file format of operator-defined tools (tools/*.yaml): a program, an argv template and typed parameters. */
import { z } from 'zod';
import { hostRoleSchema } from '../../config/schema.ts';

export const yamlParamSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('string'),
      /** Required: free strings are never accepted, only what this regex allows. */
      pattern: z.string().min(2),
      maxLength: z.number().int().positive().max(256).default(128),
      description: z.string().default(''),
      default: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('integer'),
      min: z.number().int(),
      max: z.number().int(),
      description: z.string().default(''),
      default: z.number().int().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('enum'),
      values: z.array(z.string().regex(/^[A-Za-z0-9._:=-]+$/)).min(1),
      description: z.string().default(''),
      default: z.string().optional(),
    })
    .strict(),
]);
export type YamlParam = z.infer<typeof yamlParamSchema>;

export const yamlToolSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,63}$/, 'lower_snake_case, 2–64 characters')
      .refine((n) => !(n in Object.prototype), 'must not be the name of an Object.prototype member'),
    description: z.string().min(10),
    /** Hosts of this role run it; the caller picks one with `host`, or all of them when omitted. */
    target: hostRoleSchema,
    program: z.string().min(1),
    /** Each element is one argument; `{param}` inside an element is replaced by the validated value. */
    argv: z.array(z.string()).default([]),
    params: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), yamlParamSchema).default({}),
    timeoutMs: z.number().int().positive().max(120000).default(15000),
    /** Only 'read' exists for YAML tools; anything else is rejected at start-up. */
    risk: z.literal('read').default('read'),
    okExitCodes: z.array(z.number().int()).default([0]),
  })
  .strict();
export type YamlToolSpec = z.infer<typeof yamlToolSchema>;
