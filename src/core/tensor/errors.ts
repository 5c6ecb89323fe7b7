// Errors the tensor engine raises, carrying the Python exception type the learner would see in PyTorch.

export type PyErrorType =
  | 'RuntimeError'
  | 'IndexError'
  | 'TypeError'
  | 'ValueError'
  | 'ZeroDivisionError'
  | 'NotImplementedError'
  | 'MemoryError'

/** A Python exception raised from inside the engine; the interpreter attaches the line and column. */
export class TensorError extends Error {
  constructor(
    readonly pyType: PyErrorType,
    message: string
  ) {
    super(message)
    this.name = pyType
  }
}

export function runtimeError(message: string): TensorError {
  return new TensorError('RuntimeError', message)
}
export function indexError(message: string): TensorError {
  return new TensorError('IndexError', message)
}
export function typeError(message: string): TensorError {
  return new TensorError('TypeError', message)
}
export function valueError(message: string): TensorError {
  return new TensorError('ValueError', message)
}
