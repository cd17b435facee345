import { Schema, type SchemaDefinitionProperty } from 'mongoose';
import { requestSchema } from '../../domain/case/request';

/**
 * Field definitions shared by the collection schemas. Messages name the path but never the value:
 * a validation error may end up in a log, and values here can be personal data.
 */

/** Teams ids (users, conversations, channels, activities) and our own ids fit comfortably. */
export const ID_MAX = 512;
export const URL_MAX = 2048;
/** BCP 47 tags are at most 35 characters in practice. */
export const LOCALE_MAX = 35;
export const NAME_MAX = 200;
export const ACTION_MAX = 100;
export const ERROR_MAX = 2000;

/** Options every schema shares. */
export const SCHEMA_OPTIONS = {
  // an unknown field is a bug in a repository, not something to drop silently
  strict: 'throw',
  versionKey: false,
  // an empty request or payload ({}) is a real value and must read back as {}
  minimize: false,
  id: false,
} as const;

/** Sub-documents are values inside their owner, not entities with their own _id. */
export const SUBSCHEMA_OPTIONS = { ...SCHEMA_OPTIONS, _id: false } as const;

export function requiredString(max: number): SchemaDefinitionProperty {
  return { type: String, required: [true, '{PATH} is required'], maxlength: [max, '{PATH} is longer than {MAXLENGTH}'] };
}

/** A field the domain always sets but which may be null. */
export function nullableString(max: number): SchemaDefinitionProperty {
  return { type: String, default: null, maxlength: [max, '{PATH} is longer than {MAXLENGTH}'] };
}

export function requiredEnum(values: readonly string[]): SchemaDefinitionProperty {
  return {
    type: String,
    required: [true, '{PATH} is required'],
    enum: { values: [...values], message: '{PATH} is not one of the allowed values' },
  };
}

export function nullableEnum(values: readonly string[]): SchemaDefinitionProperty {
  return {
    type: String,
    default: null,
    enum: { values: [...values], message: '{PATH} is not one of the allowed values' },
  };
}

export function requiredDate(): SchemaDefinitionProperty {
  return { type: Date, required: [true, '{PATH} is required'] };
}

export function nullableDate(): SchemaDefinitionProperty {
  return { type: Date, default: null };
}

export function countField(min: number): SchemaDefinitionProperty {
  return {
    type: Number,
    required: [true, '{PATH} is required'],
    min: [min, '{PATH} is below {MIN}'],
    validate: { validator: Number.isInteger, message: '{PATH} is not an integer' },
  };
}

/**
 * A request (draft data, case request) is validated by the domain's own zod schema so that there is
 * one definition of what a request may hold; a second copy in mongoose would drift from it.
 * It is stored as Mixed so mongoose adds nothing (no default [] for absent lists).
 */
export function requestDataField(): SchemaDefinitionProperty {
  return {
    type: Schema.Types.Mixed,
    required: [true, '{PATH} is required'],
    validate: {
      validator: (value: unknown) => requestSchema.safeParse(value).success,
      message: '{PATH} is not a valid request',
    },
  };
}

/** A free-form object (outbox payload); arrays and scalars are refused. */
export function plainObjectField(): SchemaDefinitionProperty {
  return {
    type: Schema.Types.Mixed,
    required: [true, '{PATH} is required'],
    validate: { validator: isPlainObject, message: '{PATH} is not an object' },
  };
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
