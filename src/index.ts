/**
 * stackfile's public API: what stack.ts files import, and the library functions for using stackfile from code.
 * Keep this file light: every stack.ts load imports it, so heavy modules are only reached through the library
 * functions' own lazy imports.
 */
export { defineStack } from './define';
export { secret } from './model/secret';
export { defineModule } from './model/module';
export type { ModuleDefinition, ModuleFactory, ModuleInstance, ModuleInstanceInfo, ModuleOptions, RequiredParams } from './model/module-types';
export type * from './model/types';
export { UserError, ValidationError, StackNotFoundError, StackLoadError, TranspileError, InterruptedError, DockerError } from './errors';
export type { Issue, DockerErrorKind, SyntaxDiagnostic } from './errors';
export { load, resolve, plan, up, down } from './api';
export type { StackOptions, LoadOptions, ResolvedStack, Stack, LibraryUpOptions, LibraryPlanOptions, LibraryDownOptions } from './api';
export type { UpResult, ServiceStatus } from './apply/up';
export type { Progress } from './apply/progress';
export type { DownResult } from './apply/down';
export type { Plan, StepBase, ContainerStep, NetworkStep, VolumeStep, ImageStep, FieldChange, Action } from './plan/types';
