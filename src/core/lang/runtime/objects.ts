// Python objects the bindings add to the value model: type objects (`int`, `torch.Tensor`) and torch.Generator.

import type { Generator } from '../../random'
import { PyBuiltin, PyModule, type Kwargs, type PyValue } from './values'

/** A class such as `int` or `torch.Tensor`: callable like a builtin, printed as `<class 'int'>`. */
export class PyClass extends PyBuiltin {
  constructor(
    name: string,
    /** the name Python prints: 'int', 'torch.Tensor' */
    readonly qualName: string,
    fn: (args: PyValue[], kwargs: Kwargs) => PyValue
  ) {
    super(name, fn)
  }
}

/** A torch.Generator: its methods sit in the attribute map like a module's; `generator` is the random stream. */
export class PyGenerator extends PyModule {
  constructor(
    readonly generator: Generator,
    attrs: Map<string, PyValue>
  ) {
    super('torch.Generator', attrs)
  }
}

/** A tensor's grad_fn: only its name is visible (`<MulBackward0 object>`). */
export class PyGradFn extends PyModule {
  constructor(name: string) {
    super(name, new Map())
  }
}
